/*
 * test_gamify.c
 *	  Unit tests of src/core/gamify.c: streaks (including that combining
 *	  ordered segments equals one pass over the whole sequence, for every
 *	  split), win-rate counts, and both state text forms.
 */
#include "core/gamify.h"
#include "unit.h"

#include <stdint.h>

static spm_streak_state
run(const char *hits)
{
	spm_streak_state s;

	spm_streak_init(&s);
	for (const char *p = hits; *p; p++)
		CHECK(spm_streak_add(&s, *p == '1') == SPM_GAMIFY_OK);
	return s;
}

TEST(streak_hand_computed)
{
	spm_streak_state s = run("110111001");

	/* runs 2, 3, 1: lead 2, current 1, longest 3 */
	CHECK(s.n == 9 && s.lead == 2 && s.current == 1 && s.longest == 3);
	s = run("1111");
	CHECK(s.n == 4 && s.lead == 4 && s.current == 4 && s.longest == 4);
	s = run("000");
	CHECK(s.n == 3 && s.lead == 0 && s.current == 0 && s.longest == 0);
	s = run("");
	CHECK(s.n == 0 && s.longest == 0);
	s = run("0110");
	CHECK(s.lead == 0 && s.current == 0 && s.longest == 2);
}

TEST(streak_combine_equals_one_pass_for_every_split)
{
	char		seq[24];

	for (int trial = 0; trial < 400; trial++)
	{
		int			len = (int) (unit_rand() % 20);
		spm_streak_state whole;
		char		err[160];

		for (int i = 0; i < len; i++)
			seq[i] = (unit_rand() % 3) ? '1' : '0';
		seq[len] = '\0';
		whole = run(seq);
		CHECK(spm_streak_valid(&whole, err, sizeof(err)));
		for (int cut = 0; cut <= len; cut++)
		{
			for (int cut2 = cut; cut2 <= len; cut2++)
			{
				char		a[24],
							b[24],
							c[24];
				spm_streak_state sa,
							sb,
							sc;

				memcpy(a, seq, cut);
				a[cut] = '\0';
				memcpy(b, seq + cut, cut2 - cut);
				b[cut2 - cut] = '\0';
				strcpy(c, seq + cut2);
				sa = run(a);
				sb = run(b);
				sc = run(c);
				CHECK(spm_streak_combine(&sa, &sb) == SPM_GAMIFY_OK);
				CHECK(spm_streak_combine(&sa, &sc) == SPM_GAMIFY_OK);
				CHECK(memcmp(&sa, &whole, sizeof(sa)) == 0);
			}
		}
	}
}

TEST(streak_combine_with_empty_sides)
{
	spm_streak_state e,
				s = run("1011");

	spm_streak_init(&e);
	CHECK(spm_streak_combine(&e, &s) == SPM_GAMIFY_OK);
	CHECK(memcmp(&e, &s, sizeof(s)) == 0);
	spm_streak_init(&e);
	CHECK(spm_streak_combine(&s, &e) == SPM_GAMIFY_OK);
	CHECK(s.n == 4 && s.current == 2 && s.longest == 2 && s.lead == 1);
	/* and "1011" followed by itself is "10111011": lead 1, current 2, longest 3 */
	e = s;
	CHECK(spm_streak_combine(&s, &e) == SPM_GAMIFY_OK);
	CHECK(s.n == 8 && s.current == 2 && s.longest == 3 && s.lead == 1);
	spm_streak_init(&e);
	spm_streak_init(&s);
	CHECK(spm_streak_combine(&s, &e) == SPM_GAMIFY_OK);
	CHECK(s.n == 0);
}

TEST(streak_overflow)
{
	spm_streak_state a,
				b;

	spm_streak_init(&a);
	a.n = a.lead = a.current = a.longest = INT64_MAX;
	CHECK(spm_streak_add(&a, 1) == SPM_GAMIFY_OVERFLOW);
	spm_streak_init(&b);
	b.n = b.lead = b.current = b.longest = 1;
	CHECK(spm_streak_combine(&a, &b) == SPM_GAMIFY_OVERFLOW);
}

TEST(streak_text_form)
{
	spm_streak_state s;
	char		err[160],
				buf[SPM_STREAK_STATE_TEXT_MAX];

	CHECK(spm_streak_parse(" ( 9 , 2,1, 3 ) ", &s, err, sizeof(err)) == 0);
	CHECK(s.n == 9 && s.lead == 2 && s.current == 1 && s.longest == 3);
	spm_streak_format(&s, buf, sizeof(buf));
	CHECK_STR(buf, "(9,2,1,3)");
	CHECK(spm_streak_parse("(0,0,0,0)", &s, err, sizeof(err)) == 0);
	CHECK(spm_streak_parse("(4,4,4,4)", &s, err, sizeof(err)) == 0);
	/* malformed or inconsistent */
	CHECK(spm_streak_parse("(9,2,1)", &s, err, sizeof(err)) == -1);
	CHECK(spm_streak_parse("(9,2,1,3)x", &s, err, sizeof(err)) == -1);
	CHECK(spm_streak_parse("(9,-2,1,3)", &s, err, sizeof(err)) == -1);
	CHECK(spm_streak_parse("(9,2,1,10)", &s, err, sizeof(err)) == -1);	/* longest > n */
	CHECK(spm_streak_parse("(9,2,4,3)", &s, err, sizeof(err)) == -1);	/* longest < current */
	CHECK(spm_streak_parse("(4,4,3,4)", &s, err, sizeof(err)) == -1);	/* all hit but current < n */
	CHECK(spm_streak_parse("(5,3,2,3)", &s, err, sizeof(err)) == -1);	/* runs overlap the miss */
	CHECK(spm_streak_parse("(99999999999999999999,0,0,0)", &s, err, sizeof(err)) == -1);
	CHECK(spm_streak_parse("", &s, err, sizeof(err)) == -1);
}

TEST(win_rate_counts_and_text)
{
	spm_win_rate_state a,
				b;
	char		err[160],
				buf[SPM_WIN_RATE_STATE_TEXT_MAX];

	spm_win_rate_init(&a);
	CHECK(spm_win_rate_add(&a, 1) == SPM_GAMIFY_OK);
	CHECK(spm_win_rate_add(&a, 0) == SPM_GAMIFY_OK);
	CHECK(spm_win_rate_add(&a, 0) == SPM_GAMIFY_OK);
	CHECK(a.won == 1 && a.lost == 2);
	CHECK(spm_win_rate_retract(&a, 1) == SPM_GAMIFY_OK);
	CHECK(spm_win_rate_retract(&a, 1) == SPM_GAMIFY_UNDERFLOW);
	spm_win_rate_init(&b);
	CHECK(spm_win_rate_combine(&b, &a) == SPM_GAMIFY_OK);
	CHECK(b.won == 0 && b.lost == 2);
	spm_win_rate_format(&b, buf, sizeof(buf));
	CHECK_STR(buf, "(0,2)");
	CHECK(spm_win_rate_parse("(3,5)", &b, err, sizeof(err)) == 0);
	CHECK(b.won == 3 && b.lost == 5);
	CHECK(spm_win_rate_parse("(3)", &b, err, sizeof(err)) == -1);
	CHECK(spm_win_rate_parse("(9223372036854775807,1)", &b, err, sizeof(err)) == -1);
	b.won = INT64_MAX - 1;
	b.lost = 1;
	CHECK(spm_win_rate_add(&b, 1) == SPM_GAMIFY_OVERFLOW);
	CHECK(spm_win_rate_combine(&b, &a) == SPM_GAMIFY_OVERFLOW);
}

int
main(void)
{
	RUN(streak_hand_computed);
	RUN(streak_combine_equals_one_pass_for_every_split);
	RUN(streak_combine_with_empty_sides);
	RUN(streak_overflow);
	RUN(streak_text_form);
	RUN(win_rate_counts_and_text);
	UNIT_DONE();
}
