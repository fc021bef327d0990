#!/usr/bin/env python3
"""Write a CSV file as an .xlsx workbook with Python's XlsxWriter in
constant-memory mode: the reference for cust-validate --to xlsx (bench/run).
Every cell is written as text, less work than custkit's typed cells."""
import csv
import sys

import xlsxwriter

wb = xlsxwriter.Workbook(sys.argv[2], {'constant_memory': True})
ws = wb.add_worksheet()
bold = wb.add_format({'bold': True})
with open(sys.argv[1], newline='', encoding='utf-8') as f:
    for r, row in enumerate(csv.reader(f)):
        ws.write_row(r, 0, row, bold if r == 0 else None)
ws.freeze_panes(1, 0)
wb.close()
