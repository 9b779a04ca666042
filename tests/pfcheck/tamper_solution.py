#!/usr/bin/env python3
"""Writes a deliberately wrong copy of a solved MATPOWER case (for the checker's negative tests).

    tamper_solution.py SOLVED.m TAMPERED.m (bus|gen) ROW_ID COLUMN DELTA

adds DELTA to column COLUMN (1-based, MATPOWER's numbering: bus 9 = VA, bus 8 = VM, gen 2 = PG)
of the mpc.bus row whose bus number is ROW_ID, or of the ROW_ID-th mpc.gen row. Every other
byte of the file is kept.
"""
import re
import sys


def main():
    src, dst, matrix, row_id, col, delta = sys.argv[1:7]
    row_id, col, delta = float(row_id), int(col), float(delta)
    lines = open(src).read().split('\n')
    inside, n, done = False, 0, False
    for i, line in enumerate(lines):
        if not inside:
            inside = re.match(r'^\s*mpc\.%s\s*=\s*\[' % matrix, line) is not None
            continue
        if line.lstrip().startswith(']'):
            break
        body = line.split('%', 1)[0].strip().rstrip(';').split()
        if not body:
            continue
        n += 1
        if (matrix == 'bus' and float(body[0]) == row_id) or (matrix == 'gen' and n == row_id):
            old = float(body[col - 1])
            body[col - 1] = repr(old + delta)
            lines[i] = '\t' + '\t'.join(body) + ';'
            print(f'tampered mpc.{matrix} row {n} column {col}: {old!r} -> {body[col - 1]}')
            done = True
            break
    if not done:
        sys.exit(f'tamper_solution.py: no mpc.{matrix} row {row_id:g} in {src}')
    open(dst, 'w').write('\n'.join(lines))


if __name__ == '__main__':
    main()
