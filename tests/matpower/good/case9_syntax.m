function mpc = case9
%CASE9    Power flow data for 9 bus, 3 generator case.
%   Please see CASEFORMAT for details on the case file format.
%
%   Based on data from p. 70 of:
%
%   Chow, J. H., editor. Time-Scale Modeling of Dynamic Networks with
%   Applications to Power Systems. Springer-Verlag, 1982.
%   Part of the Lecture Notes in Control and Information Sciences book
%   series (LNCIS, volume 46)
%
%   which in turn appears to come from:
%
%   R.P. Schulz, A.E. Turner and D.N. Ewart, "Long Term Power System
%   Dynamics," EPRI Report 90-7-0, Palo Alto, California, 1974.

%   MATPOWER

%   ohmcity: the values of case9.m written in the other spellings MATLAB allows
%   and MATPOWER files use (commas, ';' and newlines between rows, several rows
%   on a line, "..." continuations, comments after values, blank lines, extra
%   columns, other number forms, fields to skip). It must read to exactly the
%   values of case9.m.

%% MATPOWER Case Format : Version 2
mpc.version = '2';   % a comment after a statement

%%-----  Power Flow Data  -----%%
mpc.areas = [1 5];
mpc.baseMVA = 1e2 ;
mpc.note = 'a string with [ brackets ], {braces}, % and ... inside';

%% bus data (two result columns after VMIN, as solved cases have)
mpc.bus = [1, 3, 0, 0, 0, 0, 1, 1, 0, 345, 1, 1.1, 0.9, 0, 0; 2 2 0 0 0 0 1 1 0 345 1 1.1 0.9 0 0
	3	2	0	0	0	0	1	1	0	345	1	1.1	0.9	0	0;	% tabs, and a comment
	4	1	+0	0.	.0	0e0	1	1	0	345 ...	continued on the next line
	1	1.1	0.9	0	0;

	5	1	9e1	30	0	0	1	1	0	3.45E+2	1	1.1	0.9	0	0;;
	6.0	1	0	0	0	0	1	1	0	345	1	1.1	0.9	0	0	% no ';': the newline ends the row
	7	1	100	35	0	0	1	1	0	345	1	1.1	0.9	0	0
	8	1	0	0	0	0	1	1	0	345	1	1.1	0.9	0	0
	9	1	125	50	0	0	1	1	0	345	1	1.10	.9	0	0];

mpc.bus_name = {
	'BUS 1';
	'O''BRIEN; % not a comment';
	"DOUBLE QUOTED ]";
};

%% generator data
mpc.gen = [
	1,	72.3,	27.03,	300,	-300,	1.04,	100,	1,	250,	10;
	2,	163,	6.54,	300,	-300,	1.025,	100,	1,	300,	10;
	3,	85,	-10.95,	300,	-300,	1.025,	100,	1,	270,	10;
];

%% branch data
mpc.branch = [
	1	4	0	0.0576	0	250	250	250	0	0	1	-360	360;
	4	5	0.017	0.092	0.158	250	250	250	0	0	1	-360	360;
	5	6	0.039	0.17	0.358	150	150	150	0	0	1	-360	360;
	3	6	0	0.0586	0	300	300	300	0	0	1	-360	360;
	6	7	0.0119	0.1008	0.209	150	150	150	0	0	1	-360	360;
	7	8	0.0085	0.072	0.149	250	250	250	0	0	1	-360	360;
	8	2	0	0.0625	0	250	250	250	0	0	1	-360	360;
	8	9	0.032	0.161	0.306	250	250	250	0	0	1	-360	360;
	9	4	0.01	0.085	0.176	250	250	250	0	0	1	-360	360;
];

%%-----  OPF Data  -----%%
mpc.gencost = [
	2	1500	0	3	0.11	5	150;
	2	2000	0	3	0.085	1.2	600;
	2	3000	0	3	0.1225	1	335;
];
mpc.userfcn = struct('name', {'a', 'b'}, 'args', {{1, [2 3]}, {}});
mpc.gencost(:, 2) = 0.5 * mpc.gencost(:, 2)';
end
