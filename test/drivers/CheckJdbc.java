import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * PgJDBC's part of test/drivers/run.sh: every spm view, as the manager over TCP.
 *
 * Usage: java -cp CLASSES:/usr/share/java/postgresql.jar CheckJdbc DIRECTORY,
 * with PGHOST, PGPORT, PGDATABASE, PGUSER and PGPASSWORD set and DIRECTORY
 * holding the files that run.sh writes (VIEW.columns, VIEW.sql, VIEW.rows;
 * see common.py).  Prints one ok or not ok line per test.
 */
public class CheckJdbc {
	/** The Java class and the java.sql.Types codes PgJDBC must give a PostgreSQL type. */
	record Expected(Class<?> javaClass, int... sqlTypes) {
	}

	static final Map<String, Expected> EXPECTED = Map.of(
		"numeric", new Expected(BigDecimal.class, Types.NUMERIC),
		"float8", new Expected(Double.class, Types.DOUBLE),
		"int4", new Expected(Integer.class, Types.INTEGER),
		"int8", new Expected(Long.class, Types.BIGINT),
		"text", new Expected(String.class, Types.VARCHAR),
		"date", new Expected(java.sql.Date.class, Types.DATE),
		"bool", new Expected(Boolean.class, Types.BIT, Types.BOOLEAN));

	/** How run.sh has psql print NULL. */
	static final String NULL = "\\N";

	/** A failing view shows this many of its differences. */
	static final int SHOWN = 5;

	/** Print a value the way PostgreSQL prints it. */
	static String asText(Object value) {
		if (value == null)
			return null;
		if (value instanceof BigDecimal d)
			return d.toPlainString(); /* toString() may use exponent notation */
		if (value instanceof Boolean b)
			return b ? "t" : "f";
		return value.toString(); /* java.sql.Date prints as yyyy-mm-dd */
	}

	/** Tell whether a value is the one psql printed as text. */
	static boolean same(Object value, String text) {
		if (value == null || text == null)
			return value == null && text == null;
		if (value instanceof Double d) {
			double want = Double.parseDouble(text); /* reads NaN and Infinity too */
			return d.equals(want) || Math.abs(d - want) <= 1e-12 * Math.abs(want);
		}
		return asText(value).equals(text);
	}

	static boolean report(String what, List<String> problems, String detail) {
		if (problems.isEmpty()) {
			System.out.println("ok - PgJDBC: " + what + " (" + detail + ")");
			return true;
		}
		System.out.println("not ok - PgJDBC: " + what);
		problems.stream().limit(SHOWN).forEach(p -> System.out.println("#   " + p));
		if (problems.size() > SHOWN)
			System.out.println("#   ... and " + (problems.size() - SHOWN) + " more");
		return false;
	}

	/** Compare one view's result set with the catalog and with psql's text. */
	static List<String> checkView(ResultSet rs, List<String[]> columns, List<String> want) throws Exception {
		List<String> problems = new ArrayList<>();
		ResultSetMetaData md = rs.getMetaData();
		int width = columns.size();
		List<String> names = new ArrayList<>();
		for (int i = 1; i <= md.getColumnCount(); i++)
			names.add(md.getColumnLabel(i));
		List<String> catalog = columns.stream().map(c -> c[0]).collect(Collectors.toList());
		if (!names.equals(catalog)) {
			problems.add("columns " + names + ", catalog has " + catalog);
			return problems;
		}
		Expected[] expected = new Expected[width];
		for (int i = 0; i < width; i++) {
			String name = columns.get(i)[0], type = columns.get(i)[1];
			expected[i] = EXPECTED.get(type);
			int sqlType = md.getColumnType(i + 1);
			if (expected[i] == null)
				problems.add(name + ": no expected Java type for PostgreSQL type " + type);
			else if (Arrays.stream(expected[i].sqlTypes()).noneMatch(t -> t == sqlType))
				problems.add(name + ": " + type + " described as java.sql.Types " + sqlType + ", expected "
					+ Arrays.toString(expected[i].sqlTypes()));
			else if (!md.getColumnClassName(i + 1).equals(expected[i].javaClass().getName()))
				problems.add(name + ": column class " + md.getColumnClassName(i + 1) + " for " + type
					+ ", expected " + expected[i].javaClass().getName());
		}
		int row = 0;
		while (rs.next()) {
			row++;
			for (int i = 0; i < width; i++) {
				Object value = rs.getObject(i + 1);
				int at = (row - 1) * width + i;
				String text = at < want.size() ? want.get(at) : null;
				String name = columns.get(i)[0];
				if (value != null && expected[i] != null && value.getClass() != expected[i].javaClass())
					problems.add("row " + row + " " + name + ": " + value.getClass().getName() + " for "
						+ columns.get(i)[1] + ", expected " + expected[i].javaClass().getName());
				else if (at < want.size() && !same(value, text))
					problems.add("row " + row + " " + name + ": '" + asText(value) + "', psql printed '"
						+ text + "'");
			}
		}
		if (row * width != want.size())
			problems.add(row + " rows, psql printed " + want.size() / width);
		return problems;
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		String host = System.getenv("PGHOST"), user = System.getenv("PGUSER");
		Properties props = new Properties();
		props.setProperty("user", user);
		props.setProperty("password", System.getenv("PGPASSWORD"));
		String url = "jdbc:postgresql://" + host + ":" + System.getenv("PGPORT") + "/" + System.getenv("PGDATABASE");
		boolean ok = true;
		try (Connection conn = DriverManager.getConnection(url, props); Statement st = conn.createStatement()) {
			try (ResultSet rs = st.executeQuery(
				"SELECT current_user::text, host(inet_server_addr()), current_setting('spm.as_of')")) {
				rs.next();
				List<String> problems = new ArrayList<>();
				if (!rs.getString(1).equals(user) || !rs.getString(2).equals(host))
					problems.add("connected to " + rs.getString(2) + " as " + rs.getString(1));
				ok = report("connection", problems, "TCP to " + rs.getString(2) + " as " + rs.getString(1)
					+ ", spm.as_of " + rs.getString(3) + ", driver " + conn.getMetaData().getDriverVersion());
			}
			List<Path> queries;
			try (Stream<Path> files = Files.list(dir)) {
				queries = files.filter(p -> p.toString().endsWith(".sql")).sorted().collect(Collectors.toList());
			}
			for (Path q : queries) {
				String base = q.toString().replaceAll("\\.sql$", "");
				String view = q.getFileName().toString().replaceAll("\\.sql$", "");
				List<String[]> columns = Files.readAllLines(Path.of(base + ".columns")).stream()
					.map(l -> l.split("\t")).collect(Collectors.toList());
				/* Every field ends with a NUL, so the last piece of the split is empty. */
				String data = new String(Files.readAllBytes(Path.of(base + ".rows")), StandardCharsets.UTF_8);
				List<String> want = data.isEmpty() ? List.of()
					: Arrays.stream(data.substring(0, data.length() - 1).split("\0", -1))
						.map(v -> v.equals(NULL) ? null : v).collect(Collectors.toList());
				List<String> problems;
				try (ResultSet rs = st.executeQuery(Files.readString(q))) {
					problems = checkView(rs, columns, want);
				} catch (Exception e) {
					problems = List.of(e.getClass().getSimpleName() + ": " + e.getMessage());
				}
				ok = report("spm." + view, problems, want.size() / columns.size() + " rows, " + columns.size()
					+ " columns") && ok;
			}
		}
		System.exit(ok ? 0 : 1);
	}
}
