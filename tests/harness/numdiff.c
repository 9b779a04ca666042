/* oc_numdiff: compares two text files, numbers with an absolute or relative tolerance and
   everything else exactly (whitespace runs are equivalent). Used by the test driver to compare
   a program's output with its reviewed expected output.
     oc_numdiff [--abs A] [--rel R] EXPECTED ACTUAL
   Exit 0 when equal, 1 when different (the first difference is printed), 2 on usage errors. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
  const char *text;
  size_t      pos;
  int         line;
} Cursor;

static char *read_file(const char *path)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, len = 0, n;
  char  *buf = malloc(cap);
  while (buf && (n = fread(buf + len, 1, cap - len - 1, f)) > 0) {
    len += n;
    if (cap - len < 2) buf = realloc(buf, cap *= 2);
  }
  fclose(f);
  if (buf) buf[len] = '\0';
  return buf;
}

static void skip_space(Cursor *c)
{
  while (c->text[c->pos] && isspace((unsigned char)c->text[c->pos])) {
    if (c->text[c->pos] == '\n') c->line++;
    c->pos++;
  }
}

/* A number starts with a digit, or a sign or '.' followed by a digit. */
static int number_at(const Cursor *c, double *value, size_t *len)
{
  const char *s = c->text + c->pos;
  int         k = (*s == '+' || *s == '-') ? 1 : 0;
  if (s[k] == '.') k++;
  if (!isdigit((unsigned char)s[k]) && strncmp(s + (k ? 1 : 0), "nan", 3) && strncmp(s + (k ? 1 : 0), "inf", 3)) return 0;
  char *end;
  *value = strtod(s, &end);
  *len   = (size_t)(end - s);
  return *len > 0;
}

static size_t word_length(const Cursor *c)
{
  size_t n = 0;
  double v;
  size_t l;
  while (c->text[c->pos + n] && !isspace((unsigned char)c->text[c->pos + n])) {
    Cursor probe = {c->text, c->pos + n, c->line};
    if (n > 0 && number_at(&probe, &v, &l)) break;
    n++;
  }
  return n;
}

static int numbers_equal(double a, double b, double abs_tol, double rel_tol)
{
  if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
  if (a == b) return 1;
  double d = fabs(a - b);
  return d <= abs_tol || d <= rel_tol * fmax(fabs(a), fabs(b));
}

static int compare(const char *expected, const char *actual, double abs_tol, double rel_tol)
{
  Cursor e = {expected, 0, 1}, a = {actual, 0, 1};
  for (;;) {
    skip_space(&e);
    skip_space(&a);
    if (!e.text[e.pos] || !a.text[a.pos]) break;
    double ve, va;
    size_t le, la;
    int    ne = number_at(&e, &ve, &le), na = number_at(&a, &va, &la);
    if (ne && na) {
      if (!numbers_equal(ve, va, abs_tol, rel_tol)) {
        printf("line %d (expected) / %d (actual): %.17g != %.17g (|diff| %.3g)\n", e.line, a.line, ve, va, fabs(ve - va));
        return 1;
      }
    } else {
      le = word_length(&e);
      la = word_length(&a);
      if (ne || na || le != la || strncmp(e.text + e.pos, a.text + a.pos, le)) {
        printf("line %d (expected) / %d (actual): '%.*s' != '%.*s'\n", e.line, a.line, (int)le, e.text + e.pos, (int)la, a.text + a.pos);
        return 1;
      }
    }
    e.pos += le;
    a.pos += la;
  }
  if (e.text[e.pos] || a.text[a.pos]) {
    printf("%s output ends early (line %d expected, %d actual)\n", e.text[e.pos] ? "actual" : "expected", e.line, a.line);
    return 1;
  }
  return 0;
}

int main(int argc, char **argv)
{
  double abs_tol = 1e-12, rel_tol = 1e-9;
  int    i = 1;
  for (; i + 1 < argc && !strncmp(argv[i], "--", 2); i += 2) {
    if (!strcmp(argv[i], "--abs")) abs_tol = atof(argv[i + 1]);
    else if (!strcmp(argv[i], "--rel")) rel_tol = atof(argv[i + 1]);
    else break;
  }
  if (argc - i != 2) {
    fprintf(stderr, "usage: oc_numdiff [--abs A] [--rel R] EXPECTED ACTUAL\n");
    return 2;
  }
  char *expected = read_file(argv[i]), *actual = read_file(argv[i + 1]);
  if (!expected || !actual) {
    fprintf(stderr, "oc_numdiff: cannot read %s\n", expected ? argv[i + 1] : argv[i]);
    free(expected);
    free(actual);
    return 2;
  }
  int differ = compare(expected, actual, abs_tol, rel_tol);
  free(expected);
  free(actual);
  return differ;
}
