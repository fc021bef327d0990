/* roles.h — what a column means, found from its header.
 *
 * Exports name the same column many ways (customer_id, 客户编号, 客户ID,
 * Customer No.).  The alias table maps normalised header text to a role;
 * `--col ROLE=HEADER` overrides it.
 */
#ifndef CUST_ROLES_H
#define CUST_ROLES_H

#include <stdbool.h>

#include "record.h"
#include "util.h"

enum role {
	ROLE_NONE = -1,
	ROLE_ID,
	ROLE_NAME,
	ROLE_PHONE,
	ROLE_EMAIL,
	ROLE_GENDER,
	ROLE_BIRTH_DATE,
	ROLE_ADDRESS,
	ROLE_CITY,
	ROLE_PROVINCE,
	ROLE_COUNTRY,
	ROLE_POSTCODE,
	ROLE_COMPANY,
	ROLE_SIGNUP_DATE,
	ROLE_ORDER_ID,
	ROLE_ORDER_DATE,
	ROLE_AMOUNT,
	ROLE_STATUS,
	ROLE_QUANTITY,
	ROLE_PRICE,
	ROLE_CATEGORY,
	ROLE_GRADE,             /* a customer's grade (tier, level, 会员等级) */
	ROLE_GIVEN_NAME,        /* a name in parts: first_name, 名 */
	ROLE_SURNAME,           /* last_name, family name, 姓 */
	ROLE_DUE_DATE,          /* when an order is to be paid (到期日) */
	ROLE_PAID_DATE,         /* when it was paid (付款日期) */
	ROLE_COUNT_
};

/* "id", "name", "phone", … as used by --col. */
const char *role_name(enum role r);
enum role role_parse(const char *name);
/* The role a header names, or ROLE_NONE. */
enum role role_of_header(const char *header);

struct roles {
	long col[ROLE_COUNT_];   /* column index, or -1 */
};

/* Find each role's column: overrides ("ROLE=HEADER", given with option,
 * such as "--col") first, then the alias table (the first matching column
 * wins).  An override naming an unknown role or a missing column is a
 * usage error. */
int roles_find(struct roles *roles, const struct header *h,
    char *const *overrides, size_t noverrides, const char *option, struct cust_err *err);
/* Is the header one of an amount of money (金额, 累计消费, price, …)?  A
 * table may have several; only the first plays the amount role. */
bool header_is_money(const char *header);
/* The role of column i, or ROLE_NONE. */
enum role roles_of_column(const struct roles *roles, size_t i);
/* The column a rule, spec or option names: a header exactly, else a
 * role by its name (phone) or by any alias (手机) through roles (NULL:
 * headers only); -1 if none. */
long roles_column(const struct header *h, const struct roles *roles, const char *name, size_t n);

/* A customer id as a key: trimmed, and an integer written as a decimal
 * by a spreadsheet (17850.0) read as the integer.  Returns the length of
 * the key at *key (pointing into s). */
size_t id_key(const char *s, size_t n, const char **key);
/* The value s[0..n) of a column with this role as it is compared: a
 * phone as its digits (+86 folded), an email lower-cased, an id as its
 * key, a date in ISO form, other text NFKC-folded (text_key) without
 * the spaces between two CJK characters (张 三 is 张三).  False
 * when it is empty, a placeholder (N/A, 无, -) or not a value of the
 * role: such a value matches nothing. */
bool role_normal(enum role role, const char *s, size_t n, struct strbuf *out);

#endif
