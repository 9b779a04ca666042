function mpc = unknown_bus
%UNKNOWN_BUS  Branch row 2 ends at bus 12, which does not exist.
% expect: unknown_bus.m:28: mpc.branch row 2, column T_BUS: bus 12 does not exist

mpc.version = '2';
mpc.baseMVA = 100;

%% bus data
%	bus_i	type	Pd	Qd	Gs	Bs	area	Vm	Va	baseKV	zone	Vmax	Vmin
mpc.bus = [
	1	3	0	0	0	0	1	1	0	20	1	1.1	0.9;
	2	2	0	0	0	0	1	1	0	20	1	1.1	0.9;
	3	1	50	10	0	0	1	1	0	20	1	1.1	0.9;
	4	1	20	5	0	0	1	1	0	20	1	1.1	0.9;
];

%% generator data
%	bus	Pg	Qg	Qmax	Qmin	Vg	mBase	status	Pmax	Pmin
mpc.gen = [
	1	0	0	100	-100	1	100	1	100	0;
	2	40	0	100	-100	1	100	1	100	0;
];

%% branch data
%	fbus	tbus	r	x	b	rateA	rateB	rateC	ratio	angle	status	angmin	angmax
mpc.branch = [
	1	2	0.01	0.1	0	0	0	0	0	0	1	-360	360;
	2	12	0.01	0.1	0	0	0	0	0	0	1	-360	360;
	1	3	0.01	0.1	0	0	0	0	0	0	1	-360	360;
	3	4	0.02	0.2	0	0	0	0	0.98	0	1	-360	360;
];
