function mpc = limits
%LIMITS  Values at the edges of the format, each dumped by test_matpower -dump:
%   Inf ratings read as 0 (MATPOWER's "unlimited"), +-Inf generator limits stay
%   infinite, -0 keeps its sign, exponents, an isolated bus, out-of-service
%   elements, a transformer (TAP 0.975, SHIFT -3) and a raw TAP of 0 (a line).

mpc.version = '2';
mpc.baseMVA = 100;

mpc.bus = [
	10	3	0	0	0	0	1	1.05	0	20	1	1.1	0.9;
	20	2	-0	0	0	1e-3	1	1	-0	20	1	1.1	0.9;
	30	1	12.5	-2.5e+0	0.5	-1.5	2	0.98	-12.75	0.4	3	1.05	0.95;
	40	4	0	0	0	0	2	1	0	0.4	3	1.05	0.95;
];

mpc.gen = [
	10	0	0	Inf	-Inf	1.05	100	1	Inf	-Inf;
	20	40	5	50	-50	1	100	0	60	0;
];

mpc.branch = [
	10	20	1e-3	0.1	0.02	Inf	0	250	0	0	1	-360	360;
	20	30	0.002	0.05	0	100	Inf	Inf	0.975	-3	1	-30	30;
	30	40	0.01	0.1	0	0	0	0	0	0	0	-360	360;
];
