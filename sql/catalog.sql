--
-- catalog: every object the extension installs explains itself in psql
-- (\df+, \dT+, \do+, \dC+ show these comments).
--
-- Members of the extension without a COMMENT: functions and aggregates
-- (support functions included), types (not the array types PostgreSQL
-- makes for them, nor the row types of tables and views, which PostgreSQL
-- 17 records as members too), operators, casts, operator classes and
-- families, tables and views.
SELECT pg_describe_object(d.classid, d.objid, 0) AS uncommented
  FROM pg_depend d
 WHERE d.refclassid = 'pg_extension'::regclass
   AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'spm')
   AND d.deptype = 'e'
   AND d.classid IN ('pg_proc'::regclass, 'pg_type'::regclass, 'pg_operator'::regclass,
                     'pg_cast'::regclass, 'pg_opclass'::regclass, 'pg_opfamily'::regclass,
                     'pg_class'::regclass)
   AND NOT (d.classid = 'pg_type'::regclass
            AND EXISTS (SELECT FROM pg_type t WHERE t.oid = d.objid AND t.typcategory = 'A'))
   AND NOT (d.classid = 'pg_type'::regclass
            AND EXISTS (SELECT FROM pg_type t JOIN pg_class c ON c.oid = t.typrelid
                         WHERE t.oid = d.objid AND c.relkind <> 'c'))
   AND obj_description(d.objid, (SELECT relname FROM pg_class WHERE oid = d.classid)) IS NULL
 ORDER BY 1;
