#!/usr/bin/env python3
"""Read an .xlsx sheet with openpyxl in read-only mode and write CSV to
stdout: the reference for cust-validate reading a workbook (bench/run)."""
import csv
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True)
out = csv.writer(sys.stdout)
for row in wb.worksheets[0].iter_rows(values_only=True):
    out.writerow(['' if v is None else v for v in row])
