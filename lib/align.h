/* align.h — several tables whose headers differ, read as one table.
 *
 * A shop export headed 会员编号,客户名称,联系电话,电子邮箱 and a CRM export
 * headed 客户编号,姓名,手机,邮箱 hold the same kind of records.  Each file
 * is read with its own reader; a later file's column goes to the column
 * of the first file (or of an earlier one) with the same name, else to
 * the one that plays the same role (id, name, phone, e-mail, ...: roles.h),
 * else it is a new column.  The table has the union of the columns, the
 * first file's names first, then each new one where it first appears; a
 * column a file lacks is empty in its records.  When the headers differ
 * (other than in order), a column `source` says which file each record
 * came from (an input column of that name is replaced).  When they do
 * not, the table is exactly what one reader of all the files gives.
 *
 * Records are laid out in the table's columns; like a reader's they stay
 * valid until the next aligned_next, and none is dropped (a ragged row
 * comes out with its error set).
 */
#ifndef CUST_ALIGN_H
#define CUST_ALIGN_H

#include <stdbool.h>

#include "reader.h"
#include "roles.h"

/* The column that names a record's file when the headers differ. */
#define SOURCE_COLUMN "source"

struct aligned;

/* Open every path ("-": stdin; none: stdin) and read the headers. */
struct aligned *aligned_open(char *const *paths, size_t npaths, const struct reader_opts *opts,
    struct cust_err *err);
/* Lay the columns out, before the first aligned_next.  cols are the --col
 * overrides: each applies to the files that have its column; one that no
 * file has is an error (CUST_USAGE). */
int aligned_columns(struct aligned *a, char *const *cols, size_t ncols, struct cust_err *err);
/* The first file's reader, until its records are read: for what a
 * message about its header should add (reader_header_hint). */
const struct reader *aligned_first(const struct aligned *a);
const struct header *aligned_header(const struct aligned *a);
/* The first file's format. */
enum format aligned_format(const struct aligned *a);
/* The table's roles: each file's (its --col overrides too), where its
 * columns went. */
const struct roles *aligned_roles(const struct aligned *a);
/* Do the headers differ (so that the table has a source column)? */
bool aligned_differ(const struct aligned *a);
/* 1 and *rec set: a record; 0: the end; -1: a fatal error. */
int aligned_next(struct aligned *a, struct record **rec, struct cust_err *err);
/* Records returned so far. */
unsigned long long aligned_count(const struct aligned *a);
void aligned_close(struct aligned *a);

#endif
