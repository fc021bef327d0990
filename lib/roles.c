/* roles.c — column roles and the header alias table. */
#include "roles.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "value.h"

static const char *const role_names[ROLE_COUNT_] = {
	"id", "name", "phone", "email", "gender", "birth_date", "address", "city",
	"province", "country", "postcode", "company", "signup_date", "order_id",
	"order_date", "amount", "status", "quantity", "price", "category", "grade",
	"given_name", "surname", "due_date", "paid_date",
};

/* Aliases are compared after normalising: ASCII lower-cased, full-width
 * folded, and spaces, '_', '-', '.', '#' and '/' removed. */
static const struct alias {
	enum role role;
	const char *names;  /* '|'-separated */
} aliases[] = {
	{ROLE_ID, "customerid|custid|recid|recordid|uniqueid|customerno|customernumber|customercode|clientid|memberid|"
	    "memberno|userid|id|客户编号|客户id|客户号|客户代码|会员编号|会员id|会员号|用户id|用户编号|编号"},
	{ROLE_NAME, "name|fullname|customerfullname|customername|custname|clientname|contactname|membername|"
	    "姓名|客户名称|客户姓名|名称|会员姓名|联系人|用户名"},
	{ROLE_PHONE, "phone|mobile|mobilephone|cellphone|cell|tel|telephone|telno|phonenumber|"
	    "mobileno|phoneno|contactphone|手机|手机号|手机号码|电话|联系电话|电话号码|移动电话|联系方式"},
	{ROLE_EMAIL, "email|emailaddress|mail|e-mail|邮箱|电子邮箱|电子邮件|邮件|邮箱地址"},
	{ROLE_GENDER, "gender|sex|性别"},
	{ROLE_BIRTH_DATE, "birthdate|dateofbirth|dob|birthday|出生日期|生日|出生年月"},
	{ROLE_ADDRESS, "address|addr|address1|addr1|addressline1|street|streetaddress|地址|详细地址|收货地址|联系地址"},
	{ROLE_CITY, "city|town|suburb|城市|所在城市|市"},
	{ROLE_PROVINCE, "province|state|region|省|省份|所在省份|地区"},
	{ROLE_COUNTRY, "country|nation|国家|国家地区"},
	{ROLE_POSTCODE, "postcode|zip|zipcode|postalcode|postal|邮编|邮政编码"},
	{ROLE_COMPANY, "company|organisation|organization|employer|公司|单位|公司名称|工作单位"},
	{ROLE_SIGNUP_DATE, "signupdate|registerdate|registrationdate|joindate|joined|createdat|"
	    "注册日期|注册时间|入会日期|开户日期|创建时间"},
	{ROLE_ORDER_ID, "orderid|orderno|ordernumber|invoiceno|invoice|invoiceid|订单编号|订单号|订单id|单号"},
	{ROLE_ORDER_DATE, "orderdate|orderdatetime|invoicedate|date|purchasedate|orderedat|"
	    "checkin|checkindate|staydate|visitdate|transactiondate|"
	    "下单日期|下单时间|订单日期|日期|交易日期|交易时间|购买日期|消费日期|消费时间|入住日期|到店日期"},
	{ROLE_AMOUNT, "amount|total|totalamount|spend|totalspend|ordertotal|revenue|sales|value|"
	    "金额|消费金额|订单金额|实付金额|交易金额|总金额|消费总额|销售额|"
	    "累计消费|累计消费金额|累计金额|实收金额|应收金额|订单总额|消费总金额"},
	{ROLE_STATUS, "status|orderstatus|paymentstatus|state|状态|订单状态|支付状态|付款状态"},
	{ROLE_QUANTITY, "quantity|qty|count|units|数量|购买数量"},
	{ROLE_PRICE, "price|unitprice|单价|价格"},
	{ROLE_CATEGORY, "category|productcategory|type|producttype|品类|类别|商品类别|分类|产品类别"},
	{ROLE_GIVEN_NAME, "givenname|firstname|forename|fname|名|名字"},
	{ROLE_SURNAME, "surname|lastname|familyname|lname|姓|姓氏"},
	{ROLE_GRADE, "grade|tier|level|membergrade|memberlevel|membertier|customergrade|customerlevel|"
	    "等级|会员等级|客户等级|会员级别|客户级别|级别"},
	{ROLE_DUE_DATE, "duedate|paymentdue|dueby|到期日|到期日期|应付日期|付款期限"},
	{ROLE_PAID_DATE, "paiddate|paymentdate|datepaid|paidon|付款日期|支付日期|付款时间|支付时间"},
};

const char *
role_name(enum role r)
{
	return r >= 0 && r < ROLE_COUNT_ ? role_names[r] : "none";
}

enum role
role_parse(const char *name)
{
	int i;

	for (i = 0; i < ROLE_COUNT_; i++)
		if (strcmp(role_names[i], name) == 0)
			return (enum role)i;
	if (strcmp(name, "customer_id") == 0)
		return ROLE_ID;
	if (strcmp(name, "date") == 0)
		return ROLE_ORDER_DATE;
	return ROLE_NONE;
}

static void
normalise(const char *h, struct strbuf *out)
{
	struct strbuf folded = STRBUF_INIT;
	size_t i;

	fold_fullwidth(h, strlen(h), &folded);
	sb_reset(out);
	for (i = 0; i < folded.len; i++) {
		unsigned char c = (unsigned char)folded.s[i];
		if (strchr(" _-.#/\t", c) && c != 0)
			continue;
		sb_addc(out, c < 0x80 ? tolower(c) : c);
	}
	sb_free(&folded);
}

static bool
in_list(const char *list, const char *word, size_t n)
{
	const char *p = list, *bar;

	for (;;) {
		bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && memcmp(p, word, n) == 0)
			return true;
		if (bar == NULL)
			return false;
		p = bar + 1;
	}
}

enum role
role_of_header(const char *header)
{
	struct strbuf key = STRBUF_INIT;
	enum role r = ROLE_NONE;
	size_t i;

	normalise(header, &key);
	for (i = 0; i < ARRAY_LEN(aliases) && key.len > 0; i++)
		if (in_list(aliases[i].names, key.s, key.len)) {
			r = aliases[i].role;
			break;
		}
	sb_free(&key);
	return r;
}

int
roles_find(struct roles *roles, const struct header *h, char *const *overrides,
    size_t noverrides, const char *option, struct cust_err *err)
{
	size_t i;
	long col;
	enum role r;
	bool *taken = xcalloc(h->n + 1, 1);

	for (i = 0; i < ROLE_COUNT_; i++)
		roles->col[i] = -1;
	for (i = 0; i < noverrides; i++) {
		const char *eq = strchr(overrides[i], '=');
		char *name;
		if (eq == NULL) {
			free(taken);
			return cust_fail(err, CUST_USAGE, "%s %s: expected ROLE=HEADER", option, overrides[i]);
		}
		name = xstrndup(overrides[i], (size_t)(eq - overrides[i]));
		r = role_parse(name);
		free(name);
		if (r == ROLE_NONE) {
			struct strbuf list = STRBUF_INIT;
			int k;
			/* From the table, so a new role is listed as it is added. */
			for (k = 0; k < ROLE_COUNT_; k++)
				sb_addf(&list, "%s%s", k ? ", " : "", role_names[k]);
			free(taken);
			cust_fail(err, CUST_USAGE, "%s %s: unknown role (roles: %s)", option, overrides[i], list.s);
			sb_free(&list);
			return -1;
		}
		col = header_find(h, eq + 1);
		if (col < 0) {
			free(taken);
			return cust_fail(err, CUST_USAGE, "%s %s: no column named '%s'", option, overrides[i], eq + 1);
		}
		roles->col[r] = col;
		taken[col] = true;
	}
	for (i = 0; i < h->n; i++) {
		if (taken[i])
			continue;
		r = role_of_header(h->names[i]);
		if (r != ROLE_NONE && roles->col[r] < 0)
			roles->col[r] = (long)i;
	}
	free(taken);
	return 0;
}

bool
header_is_money(const char *header)
{
	enum role r = role_of_header(header);

	return r == ROLE_AMOUNT || r == ROLE_PRICE;
}

enum role
roles_of_column(const struct roles *roles, size_t i)
{
	int r;

	for (r = 0; r < ROLE_COUNT_; r++)
		if (roles->col[r] == (long)i)
			return (enum role)r;
	return ROLE_NONE;
}

long
roles_column(const struct header *h, const struct roles *roles, const char *name, size_t n)
{
	char *z = xstrndup(name, n);
	long col = header_find(h, z);
	enum role r;

	/* A role by name (phone) or by any header alias (手机). */
	if (col < 0 && roles) {
		if ((r = role_parse(z)) == ROLE_NONE)
			r = role_of_header(z);
		if (r != ROLE_NONE)
			col = roles->col[r];
	}
	free(z);
	return col;
}

size_t
id_key(const char *s, size_t n, const char **key)
{
	size_t i, dot;

	s = trim_space(s, n, &n);
	*key = s;
	/* 17850.0 and 17850.00 are the integer 17850. */
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i > 0 && i < n && s[i] == '.') {
		for (dot = i++; i < n && s[i] == '0'; i++)
			;
		if (i == n)
			return dot;
	}
	return n;
}

static bool
is_cjk(int32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) ||     /* kana */
	    (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
	    (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x3134f);
}

/* Chinese exports pad two-character names to line up with three
 * (张  三 beside 欧阳修) and split addresses at will (北京 朝阳区): a
 * space between two ideographs says nothing of who the customer is. */
static void
drop_cjk_spaces(struct strbuf *sb)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)sb->s;
	utf8proc_ssize_t k;
	utf8proc_int32_t c, next;
	bool prev_cjk = false;
	size_t i = 0, o = 0;

	if (sb->s == NULL || text_is_ascii(sb->s, sb->len))
		return;
	while (i < sb->len) {
		k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(sb->len - i), &c);
		if (k <= 0)
			return;     /* text_key made it: cannot happen */
		if (c == ' ' && prev_cjk && i + 1 < sb->len &&
		    utf8proc_iterate(p + i + 1, (utf8proc_ssize_t)(sb->len - i - 1), &next) > 0 &&
		    is_cjk(next)) {
			i++;
			continue;
		}
		memmove(sb->s + o, sb->s + i, (size_t)k);
		o += (size_t)k;
		i += (size_t)k;
		prev_cjk = is_cjk(c);
	}
	sb->len = o;
	sb->s[o] = '\0';
}

bool
role_normal(enum role role, const char *s, size_t n, struct strbuf *out)
{
	const char *why, *id;
	struct date d;
	char buf[16];
	int64_t x;
	size_t k;

	sb_reset(out);
	s = trim_space(s, n, &n);
	if (n == 0 || is_placeholder(s, n))
		return false;
	switch (role) {
	case ROLE_PHONE:
		/* A number that is not a phone, or a run of one digit once
		 * separators are gone, matches nothing. */
		sb_grow(out, n + 2);
		if (phone_normalize(s, n, out->s, &why) != VALUE_OK)
			return false;
		out->len = strlen(out->s);
		return !is_placeholder(out->s, out->len);
	case ROLE_EMAIL:
		/* Junk such as "foo@" or "none" would join strangers. */
		sb_grow(out, n + 1);
		if (email_normalize(s, n, out->s, &why) != VALUE_OK)
			return false;
		out->len = strlen(out->s);
		return true;
	case ROLE_ID:
		k = id_key(s, n, &id);
		sb_add(out, id, k);
		return k > 0 && !is_placeholder(id, k);
	case ROLE_BIRTH_DATE:
	case ROLE_SIGNUP_DATE:
		if (date_parse(s, n, &d, &why) == VALUE_OK) {
			sb_add(out, buf, date_format(d, buf));
			return true;
		}
		break;
	case ROLE_AMOUNT:
	case ROLE_PRICE:
	case ROLE_QUANTITY:
		/* Amounts as amounts: ￥12,000 is 12000.00. */
		if (decimal_parse(s, n, 6, false, &x, &why) == VALUE_OK) {
			sb_addf(out, "%" PRId64, x);
			return true;
		}
		break;
	default:
		break;
	}
	if (text_key(s, n, out) != VALUE_OK)
		return false;
	drop_cjk_spaces(out);
	return out->len > 0;
}
