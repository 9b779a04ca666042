function mpc = grid3
%GRID3  A three-bus 20 kV feeder for ohmcity's tests (written for the project).
%   Bus 1 is the 110/20 kV substation's secondary (slack); buses 2 and 3 feed traction
%   substations and city load. Impedances are typical of 240 mm2 Al cable (0.125 + j0.11 ohm/km)
%   over 3 km and 4 km, in per unit on 10 MVA and 20 kV.
mpc.version = '2';
mpc.baseMVA = 10;

%% bus data
%	bus_i	type	Pd	Qd	Gs	Bs	area	Vm	Va	baseKV	zone	Vmax	Vmin
mpc.bus = [
	1	3	0	0	0	0	1	1.02	0	20	1	1.1	0.9;
	2	1	4	1.2	0	0	1	1	0	20	1	1.1	0.9;
	3	1	3	0.9	0	0	1	1	0	20	1	1.1	0.9;
];

%% generator data
%	bus	Pg	Qg	Qmax	Qmin	Vg	mBase	status	Pmax	Pmin
mpc.gen = [
	1	0	0	100	-100	1.02	100	1	100	0;
];

%% branch data
%	fbus	tbus	r	x	b	rateA	rateB	rateC	ratio	angle	status	angmin	angmax
mpc.branch = [
	1	2	0.009375	0.00825	0	12	12	12	0	0	1	-360	360;
	2	3	0.0125	0.011	0	12	12	12	0	0	1	-360	360;
];
