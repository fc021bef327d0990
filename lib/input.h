/* input.h — a byte source that always yields UTF-8.
 *
 * Reads a file (or stdin) and decodes it: a UTF-8 BOM is dropped; a UTF-16
 * BOM switches to UTF-16 (Excel's "Unicode text"); otherwise bytes pass
 * through until the first non-ASCII byte, and there the source decides once,
 * from the lines read so far (up to 256 KiB): lines beyond ASCII that are
 * valid UTF-8 against those that are not.  Mostly valid UTF-8 is UTF-8, its
 * bad lines rejected by the reader (and the caller warned); mostly invalid
 * and valid GB18030 is converted from GB18030 (and the caller warned).  A
 * forced encoding converts everything with iconv; the caller is warned
 * when the input is UTF-8 all the same.  Bytes of UTF-8 input that are
 * not valid pass through unchanged, so that the record holding them is
 * rejected with its bytes kept; a unit iconv cannot decode (a lone UTF-16
 * surrogate: two bytes) becomes one byte 0xFF, never valid UTF-8, so that
 * it rejects the record holding it and decoding goes on in step after it.
 */
#ifndef CUST_INPUT_H
#define CUST_INPUT_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

struct input;

/* path "-" is stdin.  encoding NULL means detect.  warn (may be NULL) is
 * called with messages such as "input is not UTF-8; reading it as GB18030"
 * (WARN_INPUT), and once on opening stdin when it is a terminal, to say
 * that the program is waiting for input (WARN_DETAIL). */
struct input *input_open(const char *path, const char *encoding, warn_fn *warn, void *warn_ctx,
    struct cust_err *err);
/* Read up to cap decoded bytes.  Returns the count, 0 at end, -1 on error. */
long input_read(struct input *in, char *buf, size_t cap, struct cust_err *err);
const char *input_name(const struct input *in);   /* "-" reads as "stdin" */
/* Up to n of the first bytes as they are in the file, before any decoding
 * and without consuming them (to tell a workbook from text).  Call before
 * the first input_read.  Returns the count, or -1. */
long input_peek_raw(struct input *in, unsigned char *buf, size_t n, struct cust_err *err);
/* The path of a regular file opened by name, or NULL (stdin, a pipe). */
const char *input_file_path(const struct input *in);
/* Copy the input's bytes, undecoded, from where input_peek_raw left them
 * to the end, to fd.  Returns 0 or -1. */
int input_spool(struct input *in, int fd, struct cust_err *err);
/* From now on (fd >= 0) also write every byte read, as it is in the
 * file, to fd; until fd -1.  Set before the first read to copy all of
 * it: standard input kept so that it can be read again.  A failed
 * write fails the read (CUST_INPUT). */
void input_copy_to(struct input *in, int fd);
const char *input_encoding(const struct input *in); /* what it settled on */
void input_close(struct input *in);
/* Was text (decoded from encoding) UTF-8 all along?  Then its UTF-8
 * reading, into out: a header "瀹㈡埛缂栧彿" read as GBK is "客户编号". */
bool misdecoded_utf8(const char *text, const char *encoding, struct strbuf *out);

#endif
