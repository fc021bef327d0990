/* gen — deterministic generator of realistic, messy customer and order
 * tables for benchmarks and accuracy tests.  The same seed gives the same
 * bytes.
 *
 *   gen customers N [--seed S] [--lang zh|en|mix] [--dup-rate P]
 *                   [--invalid-rate P] [--truth FILE]
 *   gen orders N --customers M [--seed S] [--lang zh|en]
 *                [--start YYYY-MM-DD] [--end YYYY-MM-DD] [--messy 1]
 *
 * Orders carry every status custkit leaves out by default (custkit-rules(5))
 * beside the paid ones.  --messy 1 writes the same orders (the same seed
 * gives the same customers, days, amounts and statuses) as exports do:
 * dates as 2024/9/3, 2024年9月3日, Excel serials or 2024.09.03; amounts as
 * "￥1,234.50", 1234.50元, "1,234.50" or in full-width digits; the Chinese
 * file is meant to be converted to GBK (every character is in GBK).
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

static uint64_t
rnd(void)
{
	/* splitmix64 */
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned
below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static double
unit(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

#define PICK(a) ((a)[below(sizeof(a) / sizeof((a)[0]))])

static const char *const surnames[] = {
	"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
	"郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
	"彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
	"魏", "吕", "丁", "任", "沈", "欧阳", "司马",
};
static const char *const given[] = {
	"伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
	"涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "子涵", "浩然", "雨欣", "梓萱", "宇轩",
	"欣怡", "俊杰", "思远", "佳怡", "晨", "昊", "婷", "鑫", "颖", "建华", "志强", "海燕",
};
/* Pairs that sound alike, for typos in Chinese names. */
static const char *const homophones[][2] = {
	{"伟", "玮"}, {"芳", "方"}, {"娜", "那"}, {"敏", "民"}, {"静", "晶"}, {"丽", "莉"},
	{"强", "蔷"}, {"磊", "蕾"}, {"军", "君"}, {"杰", "洁"}, {"涛", "滔"}, {"明", "铭"},
	{"婷", "亭"}, {"颖", "莹"}, {"晨", "辰"}, {"昊", "浩"},
};
static const char *const first_en[] = {
	"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda", "William",
	"Elizabeth", "David", "Susan", "Richard", "Jessica", "Joseph", "Sarah", "Thomas", "Karen",
	"Charles", "Nancy", "Daniel", "Lisa", "Matthew", "Emily", "Oliver", "Amelia", "Harry", "Olivia",
};
static const char *const last_en[] = {
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Wilson",
	"Taylor", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Scott",
	"Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell", "Roberts", "Evans",
};
static const char *const cities_zh[] = {
	"北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "苏州",
	"天津", "长沙", "郑州", "青岛", "厦门",
};
static const char *const cities_en[] = {
	"London", "Manchester", "Birmingham", "Leeds", "Glasgow", "Bristol", "Liverpool",
	"Edinburgh", "Cardiff", "Oxford",
};
static const char *const pinyin[] = {
	"wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
	"ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "wei", "fang", "na", "min", "jing",
};
static const char *const mail_zh[] = {"qq.com", "163.com", "126.com", "sina.com", "gmail.com", "foxmail.com"};
static const char *const mail_en[] = {"gmail.com", "outlook.com", "yahoo.co.uk", "example.com", "btinternet.com"};
static const char *const categories_zh[] = {"服装", "数码", "家居", "美妆", "食品", "图书", "母婴", "运动"};
static const char *const categories_en[] = {"Clothing", "Electronics", "Home", "Beauty", "Grocery", "Books", "Baby", "Sports"};

struct person {
	char name[64];
	char given_ascii[32], family_ascii[32];
	uint64_t mobile;        /* 11-digit China mobile or UK number */
	char email[96];
	const char *city;
	int by, bm, bd;         /* birth date */
	int sy, sm, sd;         /* sign-up date */
	int gender;
	long spend_cents;
	int zh;
};

/* --- output buffering --------------------------------------------------- */

static char obuf[1 << 16];
static size_t olen;

static void
oflush(void)
{
	fwrite(obuf, 1, olen, stdout);
	olen = 0;
}

static void
out(const char *s, size_t n)
{
	if (olen + n > sizeof(obuf))
		oflush();
	memcpy(obuf + olen, s, n);
	olen += n;
}

static void
outs(const char *s)
{
	out(s, strlen(s));
}

static void
outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
outf(const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	out(tmp, (size_t)n);
}

/* --- messy renderings ---------------------------------------------------- */

static void
fullwidth_digits(const char *s)
{
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9') {
			char fw[4] = {(char)0xEF, (char)0xBC, (char)(0x90 + (*s - '0')), 0};
			out(fw, 3);
		} else
			out(s, 1);
	}
}

static void
phone_messy(uint64_t m, int zh)
{
	char d[24];

	snprintf(d, sizeof(d), "%011llu", (unsigned long long)(m % 100000000000ULL));
	if (!zh) {
		switch (below(3)) {
		case 0: outf("+44 %.4s %.6s", d + 1, d + 5); break;
		case 1: outf("0%.4s %.6s", d + 1, d + 5); break;
		default: outf("+44%.10s", d + 1);
		}
		return;
	}
	switch (below(8)) {
	case 0: outf("+86 %.3s %.4s %.4s", d, d + 3, d + 7); break;
	case 1: outf("%.3s-%.4s-%.4s", d, d + 3, d + 7); break;
	case 2: outf("0086 %s", d); break;
	case 3: fullwidth_digits(d); break;
	case 4: outf("86%s", d); break;
	case 5: outf("%.3s %.4s %.4s", d, d + 3, d + 7); break;
	default: outs(d);
	}
}

static void
date_messy(int y, int m, int dd)
{
	static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
	long serial;

	switch (below(8)) {
	case 0: outf("%d/%d/%d", y, m, dd); break;
	case 1: outf("%d年%d月%d日", y, m, dd); break;
	case 2:
		/* Excel serial: days since 1899-12-30 */
		serial = (long)(y - 1900) * 365 + (y - 1901) / 4 + cum[m - 1] + dd + 1 +
		    (m > 2 && y % 4 == 0 ? 1 : 0);
		outf("%ld", serial);
		break;
	case 3: outf("%d.%02d.%02d", y, m, dd); break;
	default: outf("%04d-%02d-%02d", y, m, dd);
	}
}

static void
money_messy(long cents, int zh)
{
	long a = cents / 100, c = cents % 100;

	switch (below(6)) {
	case 0:
		if (a >= 1000)
			outf("\"%s%ld,%03ld.%02ld\"", zh ? "¥" : "£", a / 1000, a % 1000, c);
		else
			outf("%s%ld.%02ld", zh ? "¥" : "£", a, c);
		break;
	case 1: outf(zh ? "%ld.%02ld元" : "%ld.%02ld GBP", a, c); break;
	case 2:
		if (a >= 1000)
			outf("\"%ld,%03ld.%02ld\"", a / 1000, a % 1000, c);
		else
			outf("%ld.%02ld", a, c);
		break;
	default: outf("%ld.%02ld", a, c);
	}
}

static void
make_person(struct person *p, int zh)
{
	memset(p, 0, sizeof(*p));
	p->zh = zh;
	if (zh) {
		const char *s = PICK(surnames), *g = PICK(given);
		unsigned k = below((unsigned)(sizeof(pinyin) / sizeof(pinyin[0])));
		snprintf(p->name, sizeof(p->name), "%s%s", s, g);
		snprintf(p->family_ascii, sizeof(p->family_ascii), "%s", pinyin[k]);
		snprintf(p->given_ascii, sizeof(p->given_ascii), "%s", PICK(pinyin));
		p->mobile = 13000000000ULL + (uint64_t)below(7) * 1000000000ULL + rnd() % 1000000000ULL;
		/* The number makes addresses as rare as real ones: two people
		 * sharing an address would be a false duplicate in the truth. */
		snprintf(p->email, sizeof(p->email), "%s%s%u@%s", p->family_ascii, p->given_ascii,
		    below(100000), PICK(mail_zh));
		p->city = PICK(cities_zh);
	} else {
		const char *f = PICK(first_en), *l = PICK(last_en);
		snprintf(p->name, sizeof(p->name), "%s %s", f, l);
		snprintf(p->given_ascii, sizeof(p->given_ascii), "%s", f);
		snprintf(p->family_ascii, sizeof(p->family_ascii), "%s", l);
		p->mobile = 7000000000ULL + rnd() % 1000000000ULL;
		snprintf(p->email, sizeof(p->email), "%c.%s%u@%s", f[0] | 0x20, l, below(100000), PICK(mail_en));
		for (char *c = p->email; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c |= 0x20;
		p->city = PICK(cities_en);
	}
	p->by = 1950 + (int)below(55);
	p->bm = 1 + (int)below(12);
	p->bd = 1 + (int)below(28);
	p->sy = 2018 + (int)below(7);
	p->sm = 1 + (int)below(12);
	p->sd = 1 + (int)below(28);
	p->gender = (int)below(2);
	p->spend_cents = (long)(unit() * unit() * 5000000);
}

/* A second record of the same person, as another department typed it. */
static void
perturb(struct person *p)
{
	size_t n = strlen(p->name);

	if (below(3) == 0) {
		if (p->zh) {
			/* A homophone for one character, or the given name dropped to one char */
			size_t k;
			for (k = 0; k < sizeof(homophones) / sizeof(homophones[0]); k++) {
				char *at = strstr(p->name, homophones[k][0]);
				if (at && below(2)) {
					char tmp[64];
					snprintf(tmp, sizeof(tmp), "%.*s%s%s", (int)(at - p->name), p->name,
					    homophones[k][1], at + strlen(homophones[k][0]));
					memcpy(p->name, tmp, sizeof(tmp));
					break;
				}
			}
		} else if (n > 4) {
			size_t i = 1 + below((unsigned)(n - 2));
			switch (below(3)) {
			case 0: memmove(p->name + i, p->name + i + 1, n - i); break;       /* drop */
			case 1: { char t = p->name[i]; p->name[i] = p->name[i + 1]; p->name[i + 1] = t; } break;
			default: p->name[i] = (char)('a' + below(26));                       /* substitute */
			}
		}
	}
	if (below(4) == 0) {
		for (char *c = p->email; *c; c++)
			if (*c >= 'a' && *c <= 'z')
				*c &= ~0x20;
	}
	if (below(8) == 0)
		p->email[0] = '\0';
	if (below(10) == 0)
		p->mobile = 0;          /* phone missing in this copy */
	p->spend_cents = (long)(unit() * 500000);
}

static const char *truth_path;

static int
customers(long n, int lang, double dup_rate, double invalid_rate)
{
	struct person *people = calloc((size_t)n + 1, sizeof(*people));
	long *entity = calloc((size_t)n + 1, sizeof(long));
	FILE *truth = NULL;
	long i, nent = 0;

	if (people == NULL || entity == NULL)
		return 1;
	if (truth_path && (truth = fopen(truth_path, "w")) == NULL) {
		perror(truth_path);
		return 1;
	}
	if (truth)
		fputs("customer_id,entity_id\n", truth);
	outs(lang == 'e' ? "customer_id,name,phone,email,city,birth_date,signup_date,gender,total_spend\n" :
	    "客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,性别,消费金额\n");
	for (i = 0; i < n; i++) {
		struct person *p = &people[i];
		int zh = lang == 'z' || (lang == 'm' && below(2));
		int bad = unit() < invalid_rate ? (int)below(5) + 1 : 0;
		if (i > 0 && unit() < dup_rate) {
			long src = (long)below((unsigned)i);
			*p = people[src];
			entity[i] = entity[src];
			perturb(p);
		} else {
			make_person(p, zh);
			entity[i] = nent++;
		}
		if (truth)
			fprintf(truth, "C%08ld,E%08ld\n", i + 1, entity[i]);
		if (bad == 1)
			outs(",");
		else
			outf("C%08ld,", i + 1);
		outs(p->name);
		out(",", 1);
		if (bad == 2)
			outs("12345");
		else if (p->mobile)
			phone_messy(p->mobile, p->zh);
		out(",", 1);
		if (bad == 3)
			outs("foo@");
		else if (p->email[0]) {
			if (below(20) == 0)
				outf(" %s ", p->email);
			else
				outs(p->email);
		}
		out(",", 1);
		outs(p->city);
		out(",", 1);
		if (bad == 4)
			outs("2024-13-45");
		else
			date_messy(p->by, p->bm, p->bd);
		out(",", 1);
		date_messy(p->sy, p->sm, p->sd);
		out(",", 1);
		outs(p->zh ? (p->gender ? "男" : "女") : (p->gender ? "M" : "F"));
		out(",", 1);
		if (bad == 5)
			outs("abc");
		else
			money_messy(p->spend_cents, p->zh);
		out("\n", 1);
	}
	oflush();
	if (truth)
		fclose(truth);
	free(people);
	free(entity);
	return 0;
}

static int
parse_date(const char *s, int *y, int *m, int *d)
{
	return sscanf(s, "%d-%d-%d", y, m, d) == 3 ? 0 : -1;
}

static long
days_from_civil(int y, int m, int d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153u * (unsigned)(m + (m > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void
civil_from_days(long z, int *y, int *m, int *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)yoe + (int)era * 400 + (*m <= 2);
}

/* The statuses custkit leaves out by default (custkit-rules(5)), some
 * written as exports do (other case, spaces around). */
static const char *const excluded_zh[] = {"已取消", "取消", "已退款", "退款", "退款中", "待付款",
    "未付款", "待支付", "未支付", "支付失败", "交易关闭", "已关闭", "已退货", "退货", "作废", " 已取消 "};
static const char *const excluded_en[] = {"cancelled", "canceled", "cancel", "refunded", "refund",
    "pending", "unpaid", "failed", "void", "voided", "returned", "closed", "deleted", "Cancelled",
    "REFUNDED", " pending "};
static const char *const paid_zh[] = {"已付款", "已付款", "已付款", "已完成", "已发货", "交易成功"};
static const char *const paid_en[] = {"paid", "paid", "paid", "completed", "shipped", "Paid"};

/* The messy renderings draw from a generator of their own, so that the
 * orders themselves are those of the clean file. */
static uint64_t messy_state = 4242;

static void
messy_begin(uint64_t *saved)
{
	*saved = rng_state;
	rng_state = messy_state;
}

static void
messy_end(uint64_t saved)
{
	messy_state = rng_state;
	rng_state = saved;
}

/* An order's amount as exports write it; ￥ (U+FFE5), not ¥, since GBK
 * has only the full-width sign. */
static void
amount_messy(long cents, int zh)
{
	long a = cents / 100, c = cents % 100;
	char buf[32];

	if (!zh) {
		money_messy(cents, zh);
		return;
	}
	switch (below(6)) {
	case 0:
		if (a >= 1000)
			outf("\"￥%ld,%03ld.%02ld\"", a / 1000, a % 1000, c);
		else
			outf("￥%ld.%02ld", a, c);
		break;
	case 1: outf("%ld.%02ld元", a, c); break;
	case 2:
		if (a >= 1000)
			outf("\"%ld,%03ld.%02ld\"", a / 1000, a % 1000, c);
		else
			outf("%ld.%02ld", a, c);
		break;
	case 3:
		snprintf(buf, sizeof(buf), "%ld.%02ld", a, c);
		fullwidth_digits(buf);
		break;
	default: outf("%ld.%02ld", a, c);
	}
}

static int
orders(long n, long ncust, int lang, const char *start, const char *end, int messy)
{
	int y0, m0, d0, y1, m1, d1, y, m, d;
	long day0, span, i;
	uint64_t saved;

	if (ncust <= 0 || parse_date(start, &y0, &m0, &d0) < 0 || parse_date(end, &y1, &m1, &d1) < 0) {
		fprintf(stderr, "gen orders: need --customers M and valid --start/--end\n");
		return 2;
	}
	day0 = days_from_civil(y0, m0, d0);
	span = days_from_civil(y1, m1, d1) - day0 + 1;
	outs(lang == 'e' ? "order_id,customer_id,order_date,amount,status,category,quantity,unit_price\n" :
	    "订单编号,客户编号,下单日期,金额,状态,品类,数量,单价\n");
	for (i = 0; i < n; i++) {
		/* Pareto-like: a few customers order a lot. */
		double u = unit();
		long c = (long)((double)ncust * u * u * u) + 1;
		long qty = 1 + (long)below(5), price = 100 + (long)(unit() * unit() * 50000);
		const char *status;

		civil_from_days(day0 + (long)below((unsigned)span), &y, &m, &d);
		/* One order in ten has a status that does not count. */
		if (below(10) == 0)
			status = lang == 'e' ? PICK(excluded_en) : PICK(excluded_zh);
		else
			status = lang == 'e' ? PICK(paid_en) : PICK(paid_zh);
		outf("O%09ld,C%08ld,", i + 1, c > ncust ? ncust : c);
		if (messy) {
			messy_begin(&saved);
			date_messy(y, m, d);
			outs(",");
			amount_messy(qty * price, lang != 'e');
			messy_end(saved);
		} else
			outf("%04d-%02d-%02d,%ld.%02ld", y, m, d, qty * price / 100, qty * price % 100);
		outf(",%s,%s,%ld,%ld.%02ld\n", status,
		    lang == 'e' ? PICK(categories_en) : PICK(categories_zh), qty, price / 100, price % 100);
	}
	oflush();
	return 0;
}

static void
usage(void)
{
	fputs("usage: gen customers N [--seed S] [--lang zh|en|mix] [--dup-rate P] [--invalid-rate P] [--truth FILE]\n"
	    "       gen orders N --customers M [--seed S] [--lang zh|en] [--start DATE] [--end DATE] [--messy 1]\n", stderr);
	exit(2);
}

int
main(int argc, char **argv)
{
	long n, ncust = 0;
	int lang = 'z', i, messy = 0;
	double dup = 0.1, invalid = 0.02;
	const char *start = "2023-01-01", *end = "2024-12-31";

	if (argc < 3)
		usage();
	n = atol(argv[2]);
	rng_state = 42;
	for (i = 3; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL)
			usage();
		if (strcmp(a, "--seed") == 0) rng_state = strtoull(v, NULL, 10);
		else if (strcmp(a, "--lang") == 0) lang = v[0] == 'e' ? 'e' : v[0] == 'm' ? 'm' : 'z';
		else if (strcmp(a, "--dup-rate") == 0) dup = atof(v);
		else if (strcmp(a, "--invalid-rate") == 0) invalid = atof(v);
		else if (strcmp(a, "--truth") == 0) truth_path = v;
		else if (strcmp(a, "--customers") == 0) ncust = atol(v);
		else if (strcmp(a, "--start") == 0) start = v;
		else if (strcmp(a, "--end") == 0) end = v;
		else if (strcmp(a, "--messy") == 0) messy = atoi(v);
		else usage();
		i++;
	}
	if (strcmp(argv[1], "customers") == 0)
		return customers(n, lang, dup, invalid);
	if (strcmp(argv[1], "orders") == 0)
		return orders(n, ncust, lang, start, end, messy);
	usage();
}
