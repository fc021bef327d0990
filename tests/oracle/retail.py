#!/usr/bin/env python3
"""An independent oracle for cust-grade's 12-month window, in CI.

Writes a few hundred orders shaped like UCI Online Retail (Quantity *
UnitPrice, ids written "17850.0", returns as negative quantities, lines
without a customer id, times after the date) whose dates crowd the
window's edges, and the grades examples/grade/retail.rules.json must give
as of 2011-12-10, computed here with Python's Decimal and nothing of
custkit's.  The window is the 12 months before the as-of date: 2010-12-10
to 2011-12-09 (custkit-rules(5)).

    python3 tests/oracle/retail.py tests/cli/data/oracle

writes retail-orders.csv and retail-grades.csv there; both are committed,
so the test needs no Python.  The seed is fixed: re-running gives the
same files.
"""
import csv
import datetime as dt
import os
import random
import sys
from decimal import Decimal

FIRST, LAST = dt.date(2010, 12, 10), dt.date(2011, 12, 9)
EDGES = [FIRST - dt.timedelta(1), FIRST, FIRST + dt.timedelta(1),
         dt.date(2011, 2, 28), dt.date(2011, 3, 1),
         LAST - dt.timedelta(1), LAST, LAST + dt.timedelta(1)]


def tier(s):
    if s >= 50000:
        return 'Platinum'
    if s >= 5000:
        return 'Gold'
    if s >= 1000:
        return 'Silver'
    return 'Bronze'


def main(outdir):
    rnd = random.Random(20111210)
    rows = []
    inv = 536000

    def order(cust, day, qty, price, hour=None):
        nonlocal inv
        inv += 1
        h = rnd.randrange(7, 20) if hour is None else hour
        rows.append([str(inv), '2%04d' % rnd.randrange(10000), 'ITEM %d' % rnd.randrange(50),
                     str(qty), '%s %02d:%02d:00' % (day.isoformat(), h, rnd.randrange(60)),
                     price, '' if cust is None else cust + '.0', 'United Kingdom'])

    # Sums that land exactly on a threshold, from prices binary floating
    # point cannot hold: 0.1 * 10000 is 1000 in decimal, not in a double.
    order('20001', dt.date(2011, 5, 1), 9999, '0.1')
    order('20001', dt.date(2011, 5, 2), 1, '0.1')         # 1000.0: Silver
    order('20001', dt.date(2011, 5, 3), 1, '0.0')
    order('20002', dt.date(2011, 6, 1), 3, '333.33')
    order('20002', dt.date(2011, 6, 2), 1, '0.01')         # 1000.00: Silver
    order('20003', dt.date(2011, 6, 1), 3, '333.33')       # 999.99: Bronze
    order('20004', FIRST, 1, '5000')                        # on the first day
    order('20005', FIRST - dt.timedelta(1), 1, '5000')      # the day before it
    order('20006', LAST, 1, '50000', hour=23)               # the last day, late
    order('20007', LAST + dt.timedelta(1), 1, '50000', hour=0)  # the as-of day
    order('20008', dt.date(2011, 7, 1), 6, '1000')
    order('20008', dt.date(2011, 7, 2), -1, '1000')         # a return: 5000
    order('20009', dt.date(2011, 7, 1), 7, '714.29')        # 5000.03
    order('20009', dt.date(2011, 7, 9), -1, '0.04')         # 4999.99: Silver
    order(None, dt.date(2011, 7, 1), 100, '1000')           # no id: rejected

    # Random customers, their dates drawn mostly from the edges.
    for c in range(60):
        cust = str(12000 + c * 7)
        for _ in range(rnd.randrange(1, 9)):
            if rnd.random() < 0.5:
                day = rnd.choice(EDGES)
            else:
                day = FIRST + dt.timedelta(rnd.randrange(-60, 420))
            qty = rnd.choice([1, 2, 3, 6, 12, 24, 48, 100, -1, -12])
            price = '%d.%02d' % (rnd.randrange(0, 2000), rnd.randrange(100))
            if rnd.random() < 0.1:
                price = '%d.%03d' % (rnd.randrange(0, 5), rnd.randrange(1000))
            order(cust, day, qty, price)
            if rnd.random() < 0.05:
                order(None, day, qty, price)
    rnd.shuffle(rows)

    spend = {}
    for r in rows:
        if not r[6]:
            continue
        cust = r[6][:-2]
        spend.setdefault(cust, Decimal(0))
        if FIRST.isoformat() <= r[4][:10] <= LAST.isoformat():
            spend[cust] += Decimal(r[3]) * Decimal(r[5])

    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, 'retail-orders.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate',
                    'UnitPrice', 'CustomerID', 'Country'])
        w.writerows(rows)
    with open(os.path.join(outdir, 'retail-grades.csv'), 'w', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(['customer_id', 'grade', 'spend'])
        for cust in sorted(spend):
            w.writerow([cust, tier(spend[cust]), spend[cust]])


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'tests/cli/data/oracle')
