/*
 * test_record_text.c
 *	  Splitting the text form of the variable-size aggregate states
 *	  (src/core/record_text.c).
 */
#include "core/record_text.h"

#include <stdlib.h>

#include "unit.h"

#define MAXF 8

static spm_record_field f[MAXF];
static char buf[256];
static char err[160];

static int
split(const char *text, char open)
{
	return spm_record_split(text, open, f, MAXF, buf, err, sizeof(err));
}

TEST(plain_fields)
{
	CHECK(split("(3,250000.00,300000)", '(') == 3);
	CHECK_STR(f[0].text, "3");
	CHECK_STR(f[1].text, "250000.00");
	CHECK_STR(f[2].text, "300000");
	CHECK(!f[0].quoted && !f[0].nested);
}

TEST(empty_fields_are_null)
{
	CHECK(split("(,,)", '(') == 3);
	CHECK(f[0].text == NULL && f[1].text == NULL && f[2].text == NULL);
	/* a quoted empty field is the empty string, not NULL */
	CHECK(split("(\"\",)", '(') == 2);
	CHECK_STR(f[0].text, "");
	CHECK(f[0].quoted);
	CHECK(f[1].text == NULL);
}

TEST(white_space_around_fields)
{
	CHECK(split("  ( 1 ,\t\"a b\" , ) \n", '(') == 3);
	CHECK_STR(f[0].text, "1");
	CHECK_STR(f[1].text, "a b");
	CHECK(f[2].text == NULL);
}

TEST(quotes_and_escapes)
{
	/* "" and \" are a quote, \\ a backslash */
	CHECK(split("(\"E,U\"\"R\",\"a\\\"b\\\\c\")", '(') == 2);
	CHECK_STR(f[0].text, "E,U\"R");
	CHECK_STR(f[1].text, "a\"b\\c");
}

TEST(nested_records_are_kept_whole)
{
	CHECK(split("(plan,(1,2025-01-03,\"x,)\",,,),(2,(3)))", '(') == 3);
	CHECK_STR(f[0].text, "plan");
	CHECK_STR(f[1].text, "(1,2025-01-03,\"x,)\",,,)");
	CHECK(f[1].nested);
	CHECK_STR(f[2].text, "(2,(3))");
	/* and split again */
	{
		char		inner[64];

		strcpy(inner, f[1].text);
		CHECK(split(inner, '(') == 6);
		CHECK_STR(f[2].text, "x,)");
		CHECK(f[5].text == NULL);
	}
}

TEST(lists)
{
	CHECK(split("{0.5,1,2.25}", '{') == 3);
	CHECK_STR(f[2].text, "2.25");
	CHECK(split("{}", '{') == 0);
	CHECK(split(" { } ", '{') == 0);
	/* a record has at least one field, which may be empty */
	CHECK(split("()", '(') == 1);
	CHECK(f[0].text == NULL);
}

TEST(errors)
{
	CHECK(split("1,2", '(') == -1);
	CHECK_STR(err, "Expected \"(\" at the start.");
	CHECK(split("(1,2", '(') == -1);
	CHECK_STR(err, "Expected \")\" at the end.");
	CHECK(split("(1,2) x", '(') == -1);
	CHECK_STR(err, "Unexpected text after \")\".");
	CHECK(split("(\"1,2)", '(') == -1);
	CHECK_STR(err, "A quoted field does not end.");
	CHECK(split("(1 2)", '(') == -1);
	CHECK_STR(err, "Unexpected character \"2\" in field 1.");
	CHECK(split("(1,(2,3)", '(') == -1);
	CHECK(split("(1,(2,(3,(4,(5)))))", '(') == -1);
	CHECK(split("(1,(2,(3,(4))))", '(') == 2);
	CHECK(split("(1,2,3,4,5,6,7,8,9)", '(') == -1);
	CHECK_STR(err, "More than 8 fields.");
	CHECK(split("(\\", '(') == -1);
	CHECK(split("{1}", '(') == -1);
	CHECK(split("(1)", '{') == -1);
	CHECK(split("", '(') == -1);
}

TEST(needs_quotes)
{
	CHECK(spm_record_needs_quotes(""));
	CHECK(spm_record_needs_quotes("a b"));
	CHECK(spm_record_needs_quotes("a,b"));
	CHECK(spm_record_needs_quotes("graduated: 0 @ 0.05"));
	CHECK(spm_record_needs_quotes("x\"y"));
	CHECK(spm_record_needs_quotes("(1)"));
	CHECK(!spm_record_needs_quotes("2025-01-03"));
	CHECK(!spm_record_needs_quotes("-1.25e-3"));
	CHECK(!spm_record_needs_quotes("EUR"));
}

int
main(void)
{
	RUN(plain_fields);
	RUN(empty_fields_are_null);
	RUN(white_space_around_fields);
	RUN(quotes_and_escapes);
	RUN(nested_records_are_kept_whole);
	RUN(lists);
	RUN(errors);
	RUN(needs_quotes);
	UNIT_DONE();
}
