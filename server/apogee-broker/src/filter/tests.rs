//! The SQL92 filter against a table of expressions.

use apogee_types::Message;

use super::SqlFilter;

fn msg() -> Message {
    Message {
        tag: Some("TagA".into()),
        user_properties: vec![
            ("a".into(), "5".into()),
            ("b".into(), "2.5".into()),
            ("neg".into(), "-3".into()),
            ("s".into(), "hello".into()),
            ("color".into(), "red".into()),
            ("flag".into(), "true".into()),
            ("text".into(), "abc".into()),
            ("user.id".into(), "42".into()),
            ("empty".into(), "".into()),
        ],
        ..Default::default()
    }
}

/// (expression, matches the message above)
const CASES: &[(&str, bool)] = &[
    ("a > 3", true),
    ("a > 5", false),
    ("a >= 5", true),
    ("a < 10", true),
    ("a <= 4", false),
    ("a = 5", true),
    ("a = 5.0", true),
    ("a <> 5", false),
    ("a != 4", true),
    ("3 < a", true),
    ("10 <= a", false),
    ("b > 2", true),
    ("b < 2.6", true),
    ("neg < 0", true),
    ("neg = -3", true),
    ("a BETWEEN 1 AND 5", true),
    ("a BETWEEN 6 AND 9", false),
    ("a NOT BETWEEN 6 AND 9", true),
    ("b BETWEEN 2.4 AND 2.6", true),
    ("color IN ('red', 'blue')", true),
    ("color IN ('green')", false),
    ("color NOT IN ('green', 'blue')", true),
    ("color NOT IN ('red')", false),
    ("s = 'hello'", true),
    ("s = 'Hello'", false),
    ("s <> 'bye'", true),
    ("'hello' = s", true),
    ("TAGS = 'TagA'", true),
    ("TAGS IN ('TagB', 'TagA')", true),
    ("TAGS <> 'TagA'", false),
    ("missing IS NULL", true),
    ("a IS NULL", false),
    ("a IS NOT NULL", true),
    ("missing IS NOT NULL", false),
    ("empty = ''", true),
    ("a > 3 AND color = 'red'", true),
    ("a > 3 AND color = 'blue'", false),
    ("a > 9 OR color = 'red'", true),
    ("a > 9 OR color = 'blue'", false),
    ("NOT a > 9", true),
    ("NOT (a > 3 AND color = 'red')", false),
    ("(a > 9 OR b > 2) AND NOT color = 'blue'", true),
    ("TRUE", true),
    ("FALSE", false),
    ("TRUE AND a = 5", true),
    ("FALSE OR s = 'hello'", true),
    ("flag = TRUE", true),
    ("flag = FALSE", false),
    ("user.id = 42", true),
    // Wrong type: false, not an error.
    ("text > 3", false),
    ("NOT text > 3", true),
    ("text BETWEEN 1 AND 2", false),
    // Missing property: unknown, so neither the comparison nor its negation matches.
    ("missing > 3", false),
    ("NOT missing > 3", false),
    ("missing > 3 OR a = 5", true),
    ("missing > 3 AND a = 5", false),
    ("missing IN ('x')", false),
];

#[test]
fn expression_table() {
    let m = msg();
    for (expr, expected) in CASES {
        let f = SqlFilter::compile(expr).unwrap_or_else(|e| panic!("{expr}: {e}"));
        assert_eq!(f.matches(&m), *expected, "{expr}");
    }
    assert!(CASES.len() >= 50);
}

#[test]
fn refused_expressions_say_where() {
    let cases: &[(&str, u64)] = &[
        ("a >", 4),
        ("a > 3 AND", 10),
        ("a LIKE 'x%'", 1),
        ("a + 1 > 2", 1),
        ("a > b", 1),
        ("s > 'abc'", 1),
        ("a IN (1, 2)", 7),
        ("a BETWEEN 'x' AND 'y'", 1),
        ("a = NULL", 5),
        ("upper(s) = 'X'", 1),
        ("a > 3 )", 7),
        ("5", 1),
    ];
    let wrong: Vec<_> = cases
        .iter()
        .filter_map(|(expr, column)| {
            let e = SqlFilter::compile(expr).expect_err(expr);
            (e.column != *column || e.line != 1).then(|| format!("{expr}: {e}"))
        })
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(SqlFilter::compile("").is_err());
    assert!(SqlFilter::compile("   ").is_err());
}
