/* people.c — customer tables with the traps of record linkage, and the truth.
 *
 *   people [--seed S] [--n N] [--lang en|zh] [--kind people|business] [--traps LIST]
 *
 * Writes CSV to stdout: the records, each person's (or business's) records
 * 1 to 4 times with the errors people make, and a last column `entity`,
 * the truth, to drop before matching.  LIST is a comma-separated choice of
 * family (households sharing a phone, an address and a surname), company
 * (a switchboard number shared by up to 30 staff), common (many people
 * with the most common names), swap (given name and surname the other way
 * round), nick (nicknames and initials), surname (records with only a
 * surname), default: all.  The same arguments give the same file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t
rnd(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned below(unsigned n) { return (unsigned)(rnd() % n); }
static int chance(double p) { return (double)(rnd() >> 11) / 9007199254740992.0 < p; }

#define PICK(a) (a[below(sizeof(a) / sizeof(a[0]))])
/* Common names first: PICK_COMMON picks among the first few more often. */
#define PICK_SKEW(a) (chance(0.3) ? a[below(3)] : PICK(a))

static const char *const en_given[] = {"james", "john", "robert", "michael", "william", "david",
	"richard", "joseph", "thomas", "charles", "mary", "patricia", "jennifer", "linda", "elizabeth",
	"barbara", "susan", "jessica", "sarah", "karen", "daniel", "matthew", "anthony", "donald",
	"steven", "andrew", "joshua", "kenneth", "kevin", "brian", "emily", "olivia", "amelia", "isla",
	"grace", "freya", "harry", "oscar", "noah", "leo", "samantha", "katherine", "margaret", "edward",
	"alexander", "christopher", "nicholas", "benjamin", "timothy", "victoria", "rebecca", "zachary"};
static const char *const en_nick[][2] = {{"robert", "bob"}, {"william", "bill"}, {"richard", "dick"},
	{"james", "jim"}, {"john", "jack"}, {"elizabeth", "liz"}, {"margaret", "peggy"},
	{"katherine", "kate"}, {"edward", "ted"}, {"michael", "mike"}, {"thomas", "tom"},
	{"joseph", "joe"}, {"anthony", "tony"}, {"daniel", "dan"}, {"david", "dave"},
	{"donald", "donny"}, {"jennifer", "jenny"}, {"patricia", "pat"}, {"alexander", "alex"},
	{"christopher", "chris"}, {"nicholas", "nick"}, {"steven", "steve"}, {"matthew", "matt"},
	{"andrew", "andy"}, {"benjamin", "ben"}, {"samantha", "sam"}, {"susan", "sue"},
	{"rebecca", "becky"}, {"victoria", "vicky"}, {"timothy", "tim"}, {"kenneth", "ken"},
	{"zachary", "zach"}};
static const char *const en_sur[] = {"smith", "jones", "williams", "taylor", "brown", "davies",
	"evans", "wilson", "thomas", "johnson", "roberts", "robinson", "thompson", "wright", "walker",
	"white", "edwards", "hughes", "green", "hall", "lewis", "harris", "clarke", "patel", "jackson",
	"wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore", "clark", "lee", "king",
	"baker", "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis", "parker",
	"price", "bennett", "young", "griffiths", "mitchell", "kelly", "cook", "carter", "richardson"};
static const char *const en_street[] = {"high street", "station road", "church lane", "park avenue",
	"victoria road", "green lane", "manor road", "mill lane", "kings road", "queens road",
	"new street", "london road", "school lane", "north street", "the crescent", "orchard way"};
static const char *const en_city[] = {"london", "leeds", "york", "bristol", "manchester", "oxford",
	"cardiff", "glasgow", "norwich", "exeter", "bath", "derby"};
static const char *const zh_sur[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐",
	"孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯",
	"于", "董", "萧", "程", "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "欧阳", "司马"};
static const char *const zh_given[] = {"伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋",
	"勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "华", "慧", "建华", "建国", "志强", "海燕",
	"晓东", "雪梅", "玉兰", "子涵", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "思远", "佳怡", "文博"};
/* Characters and a homophone each: 伟/玮, 芳/方 ... */
static const char *const zh_homo[][2] = {{"伟", "玮"}, {"芳", "方"}, {"娜", "那"}, {"敏", "民"},
	{"静", "晶"}, {"丽", "莉"}, {"强", "蔷"}, {"磊", "蕾"}, {"军", "君"}, {"杰", "洁"}, {"涛", "韬"},
	{"明", "铭"}, {"华", "桦"}, {"慧", "惠"}, {"燕", "艳"}, {"东", "冬"}, {"梅", "玫"}, {"博", "波"}};
static const char *const zh_city[] = {"北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉",
	"西安", "苏州", "天津", "重庆"};
static const char *const zh_road[] = {"中山路", "人民路", "解放路", "建设路", "和平路", "新华路",
	"胜利路", "长江路", "黄河路", "南京路", "学府路", "文化路"};
static const char *const biz_word[] = {"acme", "northern", "summit", "harbour", "crown", "apex",
	"meridian", "oak", "silver", "granite", "pioneer", "beacon", "cedar", "orbit", "falcon", "zenith",
	"willow", "atlas", "vertex", "horizon", "pinnacle", "keystone", "sterling", "riverside"};
static const char *const biz_trade[] = {"trading", "logistics", "bakery", "dental", "motors",
	"printing", "consulting", "builders", "foods", "pharmacy", "travel", "electrics"};
static const char *const biz_suffix[] = {"ltd", "limited", "co", "and sons", "group", ""};
static const char *const biz_type[] = {"retail", "wholesale", "services", "manufacturing"};

struct entity {
	char given[64], sur[64], phone[24], email[160], addr[96], city[32], post[24], kind[24];
	int y, m, d, house;
	long id;
};

static int lang_zh, business;
static long next_id = 1, nrec;
static char traps[256] = "family,company,common,swap,nick,surname";

static int trap(const char *t) { return strstr(traps, t) != NULL; }

static void
new_phone(char *out, int zh)
{
	if (zh)
		snprintf(out, 24, "1%u%09u", 3 + below(6), below(1000000000));
	else
		snprintf(out, 24, "07%03u %06u", below(1000), below(1000000));
}

static void
make(struct entity *e, const struct entity *household)
{
	memset(e, 0, sizeof(*e));
	e->id = next_id++;
	if (business) {
		snprintf(e->given, sizeof(e->given), "%s %s", PICK(biz_word), PICK(biz_trade));
		snprintf(e->sur, sizeof(e->sur), "%s", PICK(biz_suffix));
		snprintf(e->kind, sizeof(e->kind), "%s", PICK(biz_type));
	} else if (lang_zh) {
		snprintf(e->sur, sizeof(e->sur), "%s", household ? household->sur :
		    trap("common") ? PICK_SKEW(zh_sur) : PICK(zh_sur));
		snprintf(e->given, sizeof(e->given), "%s", trap("common") ? PICK_SKEW(zh_given) : PICK(zh_given));
	} else {
		snprintf(e->sur, sizeof(e->sur), "%s", household ? household->sur :
		    trap("common") ? PICK_SKEW(en_sur) : PICK(en_sur));
		snprintf(e->given, sizeof(e->given), "%s", trap("common") ? PICK_SKEW(en_given) : PICK(en_given));
	}
	e->y = 1940 + (int)below(65);
	e->m = 1 + (int)below(12);
	e->d = 1 + (int)below(28);
	if (household && business) {
		/* A chain's branches: one brand and one head-office phone, each
		 * at its own address. */
		memcpy(e->given, household->given, sizeof(e->given));
		memcpy(e->phone, household->phone, sizeof(e->phone));
		household = NULL;
	}
	if (household) {
		memcpy(e->phone, household->phone, sizeof(e->phone));
		memcpy(e->addr, household->addr, sizeof(e->addr));
		memcpy(e->city, household->city, sizeof(e->city));
		memcpy(e->post, household->post, sizeof(e->post));
	} else {
		if (e->phone[0] == '\0')
			new_phone(e->phone, lang_zh);
		e->house = 1 + (int)below(300);
		if (lang_zh) {
			snprintf(e->city, sizeof(e->city), "%s", PICK(zh_city));
			snprintf(e->addr, sizeof(e->addr), "%s%d号%d室", PICK(zh_road), e->house, 101 + (int)below(20) * 100);
			snprintf(e->post, sizeof(e->post), "%06u", 100000 + below(800000));
		} else {
			snprintf(e->city, sizeof(e->city), "%s", PICK(en_city));
			snprintf(e->addr, sizeof(e->addr), "%d %s", e->house, PICK(en_street));
			snprintf(e->post, sizeof(e->post), "%c%c%u %u%c%c", 'a' + below(26), 'a' + below(26),
			    1 + below(20), below(10), 'a' + below(26), 'a' + below(26));
		}
	}
	if (business)
		snprintf(e->email, sizeof(e->email), "info@%s%s.co.uk", strtok(strcpy((char[32]){0}, e->given), " "),
		    e->id % 7 == 0 ? "" : "-hq");
	else if (lang_zh)
		snprintf(e->email, sizeof(e->email), "u%ld%u@%s", e->id, below(100),
		    chance(0.5) ? "qq.com" : "163.com");
	else
		snprintf(e->email, sizeof(e->email), "%s.%s%u@%s", e->given, e->sur, below(100),
		    chance(0.5) ? "gmail.com" : "example.co.uk");
}

/* One character (or letter) changed: a typo, or a homophone in Chinese. */
static void
typo(char *s, size_t cap)
{
	size_t n = strlen(s), i;

	if (lang_zh && !business) {
		for (i = 0; i < sizeof(zh_homo) / sizeof(zh_homo[0]); i++) {
			char *p = strstr(s, zh_homo[i][0]);
			if (p != NULL && strlen(zh_homo[i][1]) == strlen(zh_homo[i][0])) {
				memcpy(p, zh_homo[i][1], strlen(zh_homo[i][1]));
				return;
			}
		}
		return;
	}
	if (n < 3)
		return;
	i = 1 + below((unsigned)n - 2);
	if (chance(0.5) && s[i + 1] != '\0') {
		char t = s[i];
		s[i] = s[i + 1];
		s[i + 1] = t;
	} else if (s[i] >= 'a' && s[i] <= 'z')
		s[i] = (char)('a' + below(26));
	(void)cap;
}

static void
emit(const struct entity *e, const char *given, const char *sur, const char *phone, const char *email,
    int y, int m, int d, const char *addr)
{
	char dob[32], name[160];

	if (business) {
		printf("B%05ld,%s%s%s,%s,%s,%s,%s,%s,%s,%ld\n", 10000 + nrec++, given, *sur ? " " : "", sur, phone,
		    email, addr, e->city, e->post, e->kind, e->id);
		return;
	}
	if (y > 0)
		snprintf(dob, sizeof(dob), "%04d-%02d-%02d", y, m, d);
	else
		dob[0] = '\0';
	if (lang_zh) {
		snprintf(name, sizeof(name), "%s%s", sur, given);
		printf("C%05ld,%s,%s,%s,%s,%s,%s,%s,%ld\n", 10000 + nrec++, name, phone, email, dob, addr,
		    e->city, e->post, e->id);
	} else
		printf("C%05ld,%s,%s,%s,%s,%s,%s,%s,%s,%ld\n", 10000 + nrec++, given, sur, phone, email, dob,
		    addr, e->city, e->post, e->id);
}

static const char *
nickname(const char *given)
{
	size_t i;

	for (i = 0; i < sizeof(en_nick) / sizeof(en_nick[0]); i++)
		if (strcmp(en_nick[i][0], given) == 0)
			return en_nick[i][1];
	return NULL;
}

/* The entity's records: the first as it is, the others with errors. */
static void
records(const struct entity *e)
{
	int copies = chance(0.5) ? 1 : 2 + (int)below(3), c;

	emit(e, e->given, e->sur, e->phone, e->email, e->y, e->m, e->d, e->addr);
	for (c = 1; c < copies; c++) {
		char given[64], sur[64], phone[24], email[160], addr[96], buf[64];
		int y = e->y, m = e->m, d = e->d, errors = 1 + (int)below(2), k;
		const char *nick;
		memcpy(given, e->given, sizeof(given));
		memcpy(sur, e->sur, sizeof(sur));
		memcpy(phone, e->phone, sizeof(phone));
		memcpy(email, e->email, sizeof(email));
		memcpy(addr, e->addr, sizeof(addr));
		for (k = 0; k < errors; k++) {
			switch (below(9)) {
			case 0: typo(given, sizeof(given)); break;
			case 1: typo(business ? given : sur, sizeof(sur)); break;
			case 2: if (!business && m != d && d <= 12) { int t = m; m = d; d = t; } else d = d % 28 + 1; break;
			case 3: phone[0] = '\0'; break;
			case 4: email[0] = '\0'; break;
			case 5:
				if (business)
					snprintf(sur, sizeof(sur), "%s", PICK(biz_suffix));
				else if (trap("swap") && !lang_zh) {
					memcpy(buf, given, sizeof(buf));
					memcpy(given, sur, sizeof(given));
					memcpy(sur, buf, sizeof(sur));
				} else
					typo(given, sizeof(given));
				break;
			case 6:
				if (!business && trap("nick") && !lang_zh && (nick = nickname(given)) != NULL)
					snprintf(given, sizeof(given), "%s", nick);
				else if (!business && trap("nick") && !lang_zh)
					given[1] = '\0';
				else
					typo(given, sizeof(given));
				break;
			case 7:
				if (!business && trap("surname"))
					given[0] = '\0', y = 0;
				else
					addr[0] = '\0';
				break;
			default:
				if (!lang_zh && strstr(addr, " road") != NULL)
					memcpy(strstr(addr, " road"), " rd\0", 4);
				else
					email[0] = '\0';
				break;
			}
		}
		emit(e, given, sur, phone, email, y, m, d, addr);
	}
}

int
main(int argc, char **argv)
{
	long n = 1000, i, k;
	int a;
	struct entity e, h, boss;

	state = 1;
	for (a = 1; a + 1 < argc; a += 2) {
		if (strcmp(argv[a], "--seed") == 0)
			state = strtoull(argv[a + 1], NULL, 10);
		else if (strcmp(argv[a], "--n") == 0)
			n = atol(argv[a + 1]);
		else if (strcmp(argv[a], "--lang") == 0)
			lang_zh = strcmp(argv[a + 1], "zh") == 0;
		else if (strcmp(argv[a], "--kind") == 0)
			business = strcmp(argv[a + 1], "business") == 0;
		else if (strcmp(argv[a], "--traps") == 0)
			snprintf(traps, sizeof(traps), "%s", argv[a + 1]);
		else
			break;
	}
	if (a < argc) {
		fputs("usage: people [--seed S] [--n N] [--lang en|zh] [--kind people|business] [--traps LIST]\n",
		    stderr);
		return 2;
	}
	if (business)
		puts("id,company,phone,email,address,city,postcode,type,entity");
	else if (lang_zh)
		puts("客户编号,姓名,手机,邮箱,出生日期,地址,城市,邮编,entity");
	else
		puts("id,first_name,last_name,tel,email,dob,addr,city,zip,entity");
	for (i = 0; i < n; ) {
		if (trap("family") && chance(0.15)) {
			/* A household: one phone, one address, one surname. */
			make(&h, NULL);
			for (k = 0; k < 2 + below(3) && i < n; k++, i++) {
				make(&e, &h);
				records(&e);
			}
		} else if (trap("company") && chance(0.03)) {
			/* Staff who all give the switchboard number. */
			make(&boss, NULL);
			for (k = 0; k < 5 + below(26) && i < n; k++, i++) {
				make(&e, NULL);
				memcpy(e.phone, boss.phone, sizeof(e.phone));
				records(&e);
			}
		} else {
			make(&e, NULL);
			records(&e);
			i++;
		}
	}
	return 0;
}
