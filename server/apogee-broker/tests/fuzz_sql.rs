//! Property-based fuzzing of the SQL92 subscription filter (`src/filter/`): `Filter::sql` never
//! panics on arbitrary text, token soup or deep nesting; compiled filters never panic on random
//! messages; and structured random expressions evaluate as a reference model of the documented
//! semantics says (SQL three-valued logic: a comparison with a missing property is unknown, a
//! value of the wrong type makes a comparison false), with the algebra that implies.
//!
//! The case count comes from proptest's default config, so `PROPTEST_CASES` sets it (256 when
//! unset). A long run: `PROPTEST_CASES=1000000 cargo test --workspace fuzz_`.

use std::collections::{BTreeSet, HashMap};

use apogee_broker::Filter;
use apogee_types::Message;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Structured expressions, their SQL text, and a reference evaluator.

/// Property names the expressions use: plain, `TAGS`, dotted, and keywords used as names.
const PROPS: &[&str] = &[
    "a", "b", "price", "color", "TAGS", "x_1", "user.id", "user", "order",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

impl Op {
    const ALL: [Op; 6] = [Op::Gt, Op::Ge, Op::Lt, Op::Le, Op::Eq, Op::Ne];

    fn sql(self, alt: bool) -> &'static str {
        match self {
            Op::Gt => ">",
            Op::Ge => ">=",
            Op::Lt => "<",
            Op::Le => "<=",
            Op::Eq => "=",
            Op::Ne if alt => "!=",
            Op::Ne => "<>",
        }
    }

    /// The operator that keeps the meaning when the operands swap sides.
    fn flip(self) -> Op {
        match self {
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            eq => eq,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Lit {
    Num(f64),
    Str(String),
    Bool(bool),
}

#[derive(Debug, Clone)]
enum Expr {
    Const(bool),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    /// `prop op lit`; written `lit op' prop` when `swapped`.
    Cmp {
        prop: &'static str,
        op: Op,
        lit: Lit,
        swapped: bool,
        alt: bool,
    },
    Between {
        prop: &'static str,
        low: f64,
        high: f64,
        negated: bool,
    },
    In {
        prop: &'static str,
        values: Vec<String>,
        negated: bool,
    },
    IsNull {
        prop: &'static str,
        negated: bool,
    },
}

fn num_sql(n: f64) -> String {
    // Display is the shortest text that parses back to the same f64, never in exponent form.
    if n.is_sign_negative() {
        format!("-{}", -n)
    } else {
        n.to_string()
    }
}

fn str_sql(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn lit_sql(l: &Lit) -> String {
    match l {
        Lit::Num(n) => num_sql(*n),
        Lit::Str(s) => str_sql(s),
        Lit::Bool(true) => "TRUE".into(),
        Lit::Bool(false) => "false".into(),
    }
}

/// Precedence of a node when written without parentheses: OR < AND < NOT < predicates.
fn prec(e: &Expr) -> u8 {
    match e {
        Expr::Or(..) => 1,
        Expr::And(..) => 2,
        Expr::Not(_) => 3,
        _ => 4,
    }
}

impl Expr {
    /// Fully parenthesised text.
    fn sql(&self) -> String {
        match self {
            Expr::Const(true) => "TRUE".into(),
            Expr::Const(false) => "FALSE".into(),
            Expr::Not(x) => format!("NOT ({})", x.sql()),
            Expr::And(a, b) => format!("({}) AND ({})", a.sql(), b.sql()),
            Expr::Or(a, b) => format!("({}) OR ({})", a.sql(), b.sql()),
            _ => self.atom_sql(),
        }
    }

    /// Text with only the parentheses precedence needs.
    fn minimal_sql(&self) -> String {
        let child = |c: &Expr, need: u8| {
            if prec(c) < need {
                format!("({})", c.minimal_sql())
            } else {
                c.minimal_sql()
            }
        };
        match self {
            Expr::Const(_) => self.sql(),
            Expr::Not(x) => format!("NOT {}", child(x, 3)),
            Expr::And(a, b) => format!("{} AND {}", child(a, 2), child(b, 2)),
            Expr::Or(a, b) => format!("{} OR {}", child(a, 1), child(b, 1)),
            _ => self.atom_sql(),
        }
    }

    fn atom_sql(&self) -> String {
        match self {
            Expr::Cmp {
                prop,
                op,
                lit,
                swapped: false,
                alt,
            } => format!("{prop} {} {}", op.sql(*alt), lit_sql(lit)),
            Expr::Cmp {
                prop,
                op,
                lit,
                swapped: true,
                alt,
            } => format!("{} {} {prop}", lit_sql(lit), op.flip().sql(*alt)),
            Expr::Between {
                prop,
                low,
                high,
                negated,
            } => format!(
                "{prop} {}BETWEEN {} AND {}",
                if *negated { "NOT " } else { "" },
                num_sql(*low),
                num_sql(*high)
            ),
            Expr::In {
                prop,
                values,
                negated,
            } => format!(
                "{prop} {}IN ({})",
                if *negated { "NOT " } else { "" },
                values
                    .iter()
                    .map(|v| str_sql(v))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Expr::IsNull { prop, negated } => {
                format!("{prop} IS {}NULL", if *negated { "NOT " } else { "" })
            }
            other => other.sql(),
        }
    }

    fn props(&self, out: &mut BTreeSet<&'static str>) {
        match self {
            Expr::Const(_) => {}
            Expr::Not(x) => x.props(out),
            Expr::And(a, b) | Expr::Or(a, b) => {
                a.props(out);
                b.props(out);
            }
            Expr::Cmp { prop, .. }
            | Expr::Between { prop, .. }
            | Expr::In { prop, .. }
            | Expr::IsNull { prop, .. } => {
                out.insert(prop);
            }
        }
    }
}

/// The properties a filter sees: user properties (the last of equal keys wins), then the tag
/// as `TAGS`.
fn visible(m: &Message) -> HashMap<&str, &str> {
    let mut props: HashMap<&str, &str> = m
        .user_properties
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if let Some(tag) = &m.tag {
        props.insert("TAGS", tag);
    }
    props
}

/// Reference semantics, written from the module documentation: `None` is SQL's unknown.
fn model(e: &Expr, props: &HashMap<&str, &str>) -> Option<bool> {
    let number = |v: &str| v.trim().parse::<f64>().ok();
    match e {
        Expr::Const(b) => Some(*b),
        Expr::Not(x) => model(x, props).map(|b| !b),
        Expr::And(a, b) => match (model(a, props), model(b, props)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Expr::Or(a, b) => match (model(a, props), model(b, props)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Expr::Cmp { prop, op, lit, .. } => {
            let v = props.get(prop)?;
            Some(match lit {
                Lit::Num(want) => number(v).is_some_and(|got| match op {
                    Op::Gt => got > *want,
                    Op::Ge => got >= *want,
                    Op::Lt => got < *want,
                    Op::Le => got <= *want,
                    Op::Eq => got == *want,
                    Op::Ne => got != *want,
                }),
                Lit::Str(want) => (v == want) == (*op == Op::Eq),
                Lit::Bool(want) => match v.trim().to_ascii_lowercase().as_str() {
                    "true" => *want == (*op == Op::Eq),
                    "false" => *want != (*op == Op::Eq),
                    _ => false,
                },
            })
        }
        Expr::Between {
            prop,
            low,
            high,
            negated,
        } => {
            let v = props.get(prop)?;
            Some(number(v).is_some_and(|got| (got >= *low && got <= *high) != *negated))
        }
        Expr::In {
            prop,
            values,
            negated,
        } => {
            let v = props.get(prop)?;
            Some(values.iter().any(|x| x == v) != *negated)
        }
        Expr::IsNull { prop, negated } => Some(props.contains_key(prop) == *negated),
    }
}

fn compile(sql: &str) -> Result<Filter, TestCaseError> {
    Filter::sql(sql).map_err(|e| TestCaseError::fail(format!("{sql:?} is refused: {e}")))
}

// ---------------------------------------------------------------------------------------------
// Strategies.

fn prop_name() -> BoxedStrategy<&'static str> {
    (proptest::sample::select(PROPS)).boxed()
}

fn number() -> BoxedStrategy<f64> {
    (prop_oneof![
        (-20i32..20).prop_map(f64::from),
        (-4000i32..4000).prop_map(|x| f64::from(x) / 4.0),
        any::<i64>().prop_map(|x| x as f64),
        (-1e20f64..1e20),
        (-1e-6f64..1e-6),
    ])
    .boxed()
}

/// String literals: short, so that the largest generated expression (16 leaves, and two of
/// them combined) stays under the 4096-byte limit and always compiles.
fn short_string() -> BoxedStrategy<String> {
    (prop_oneof![
        proptest::sample::select(&["red", "blue", "", "TagA", "5", "true", "x'y", "a\\b", "é"][..])
            .prop_map(str::to_owned),
        "[ab' \\\\%_é\"]{0,4}",
        proptest::collection::vec(any::<char>(), 0..4).prop_map(String::from_iter),
    ])
    .boxed()
}

fn leaf() -> BoxedStrategy<Expr> {
    let cmp = |lit: BoxedStrategy<Lit>, ops: &'static [Op]| {
        (
            prop_name(),
            proptest::sample::select(ops),
            lit,
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(prop, op, lit, swapped, alt)| Expr::Cmp {
                prop,
                op,
                lit,
                swapped,
                alt,
            })
    };
    (prop_oneof![
        any::<bool>().prop_map(Expr::Const),
        cmp(number().prop_map(Lit::Num).boxed(), &Op::ALL),
        cmp(short_string().prop_map(Lit::Str).boxed(), &[Op::Eq, Op::Ne]),
        cmp(any::<bool>().prop_map(Lit::Bool).boxed(), &[Op::Eq, Op::Ne]),
        (prop_name(), number(), number(), any::<bool>()).prop_map(|(prop, low, high, negated)| {
            Expr::Between {
                prop,
                low,
                high,
                negated,
            }
        }),
        (
            prop_name(),
            proptest::collection::vec(short_string(), 1..3),
            any::<bool>()
        )
            .prop_map(|(prop, values, negated)| Expr::In {
                prop,
                values,
                negated
            }),
        (prop_name(), any::<bool>()).prop_map(|(prop, negated)| Expr::IsNull { prop, negated }),
    ])
    .boxed()
}

/// Expressions up to `depth` levels of AND, OR and NOT above the predicates. A predicate holds
/// at most 8 operators (`user.id NOT BETWEEN -1 AND -2`), so depth 3 stays well inside the
/// filter's 128-operator limit, and two depth-2 expressions combined do too.
fn expr_of(depth: u32) -> BoxedStrategy<Expr> {
    leaf()
        .prop_recursive(depth, 16, 2, |inner| {
            prop_oneof![
                inner.clone().prop_map(|x| Expr::Not(Box::new(x))),
                (inner.clone(), inner.clone())
                    .prop_map(|(a, b)| Expr::And(Box::new(a), Box::new(b))),
                (inner.clone(), inner).prop_map(|(a, b)| Expr::Or(Box::new(a), Box::new(b))),
            ]
        })
        .boxed()
}

fn expr() -> BoxedStrategy<Expr> {
    expr_of(3)
}

fn value() -> BoxedStrategy<String> {
    (prop_oneof![
        proptest::sample::select(
            &[
                "5", " 5 ", "2.5", "-3", "0", "-0", "1e3", "NaN", "inf", "-inf", "abc", "", "true",
                "TRUE", " false ", "red", "blue", "TagA", "x'y", "a\\b", "é",
            ][..]
        )
        .prop_map(str::to_owned),
        number().prop_map(|n| n.to_string()),
        short_string(),
        any::<String>(),
    ])
    .boxed()
}

fn message() -> BoxedStrategy<Message> {
    ((
        proptest::option::of(value()),
        proptest::collection::vec(
            (
                prop_oneof![prop_name().prop_map(str::to_owned), any::<String>()],
                value(),
            ),
            0..10,
        ),
    )
        .prop_map(|(tag, user_properties)| Message {
            tag,
            user_properties,
            ..Default::default()
        }))
    .boxed()
}

/// Tokens of the grammar and of the SQL it does not accept, for token soup.
const TOKENS: &[&str] = &[
    "a",
    "b",
    "TAGS",
    "user",
    "order",
    ".",
    "id",
    "(",
    ")",
    "AND",
    "OR",
    "NOT",
    "BETWEEN",
    "IN",
    "IS",
    "NULL",
    "TRUE",
    "FALSE",
    "=",
    "<>",
    "!=",
    "<",
    ">",
    "<=",
    ">=",
    ",",
    "'x'",
    "''",
    "'",
    "1",
    "-",
    "+",
    "2.5",
    "1e309",
    "-1e-400",
    "0x10",
    "99999999999999999999999",
    "--",
    "/*",
    "*/",
    "\"q\"",
    "`b`",
    "[",
    "]",
    "LIKE",
    "*",
    "/",
    "%",
    "||",
    "::",
    "$1",
    "?",
    ":x",
    "@x",
    "E'x'",
    "N'x'",
    "X'00'",
    "B'1'",
    "CASE",
    "WHEN",
    "THEN",
    "END",
    "EXISTS",
    "SELECT",
    "FROM",
    "INTERVAL",
    "CAST",
    "AS",
    "INT",
    "->",
    "{",
    "}",
    ";",
    "\n",
    "\t",
    "é",
    "\\",
    "ESCAPE",
    "ALL",
    "ANY",
    "ARRAY",
    "MAP",
    "DATE",
    "u&'x'",
];

fn token_soup() -> BoxedStrategy<String> {
    ((
        proptest::collection::vec(proptest::sample::select(TOKENS), 0..24),
        any::<bool>(),
    )
        .prop_map(|(tokens, spaced)| tokens.join(if spaced { " " } else { "" })))
    .boxed()
}

fn any_text() -> BoxedStrategy<String> {
    (prop_oneof![
        any::<String>(),
        token_soup(),
        expr().prop_map(|e| e.sql()),
        // A valid expression with a few bytes cut, doubled or spliced in.
        (expr(), any::<usize>(), any::<usize>(), token_soup()).prop_map(|(e, at, len, soup)| {
            let s = e.sql();
            let chars: Vec<char> = s.chars().collect();
            let at = at % (chars.len() + 1);
            let end = (at + len % 8).min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.push_str(&soup);
            out.extend(&chars[end..]);
            out
        }),
    ])
    .boxed()
}

/// Deeply nested or very long expressions: refused or compiled, never a stack overflow.
fn deep_text() -> BoxedStrategy<String> {
    (0usize..3000, 0u8..11)
        .prop_map(|(n, shape)| match shape {
            0 => format!("{}a = 1{}", "(".repeat(n), ")".repeat(n)),
            1 => format!("{}a = 1", "NOT ".repeat(n)),
            2 => format!("a = 1{}", " AND a = 1".repeat(n)),
            3 => format!("a=1{}", " OR a=1".repeat(n)),
            4 => format!("{}TRUE", "NOT(".repeat(n)) + &")".repeat(n),
            5 => format!("a > 1{}", "+1".repeat(n)),
            6 => format!("1{} > a", "+1".repeat(n)),
            7 => format!("a{} > 1", "::INT".repeat(n)),
            8 => format!("a{}", " IS NULL".repeat(n)),
            9 => format!("(a=1{})+1", " OR a=1".repeat(n)),
            _ => format!("a IN ({})", vec!["'x'"; n.max(1)].join(",")),
        })
        .boxed()
}

// ---------------------------------------------------------------------------------------------
// Properties.

proptest! {
    #[test]
    fn sql_never_panics_and_its_filters_never_panic(text in any_text(), m in message()) {
        if let Ok(f) = Filter::sql(&text) {
            let _ = f.matches(&m);
            prop_assert!(f.may_match_hash(0) && f.may_match_hash(u32::MAX));
        }
    }

    #[test]
    fn deep_and_long_expressions_never_panic(text in deep_text(), m in message()) {
        if let Ok(f) = Filter::sql(&text) {
            let _ = f.matches(&m);
        }
    }

    #[test]
    fn refusals_name_a_place_inside_the_expression(text in any_text()) {
        if let Err(e) = Filter::sql(&text) {
            let breaks = text.chars().filter(|c| matches!(c, '\n' | '\r')).count();
            let lines = u64::try_from(breaks + 1).unwrap_or(u64::MAX);
            prop_assert!(e.line <= lines, "{:?}: {}", text, e);
            prop_assert!(!e.message.is_empty());
        }
    }

    /// Every generated expression compiles, in both spellings, and matches exactly when the
    /// reference model says it is true.
    #[test]
    fn filters_follow_the_reference_model(e in expr(), m in message()) {
        let full = compile(&e.sql())?;
        let minimal = compile(&e.minimal_sql())?;
        let want = model(&e, &visible(&m)) == Some(true);
        prop_assert_eq!(full.matches(&m), want, "{}", e.sql());
        prop_assert_eq!(minimal.matches(&m), want, "{}", e.minimal_sql());
    }

    #[test]
    fn and_or_not_follow_three_valued_logic(x in expr_of(2), y in expr_of(2), m in message()) {
        let (xs, ys) = (x.sql(), y.sql());
        let mx = compile(&xs)?.matches(&m);
        let my = compile(&ys)?.matches(&m);
        let and = compile(&format!("({xs}) AND ({ys})"))?.matches(&m);
        let or = compile(&format!("({xs}) OR ({ys})"))?.matches(&m);
        let not_x = compile(&format!("NOT ({xs})"))?.matches(&m);
        let not_not_x = compile(&format!("NOT (NOT ({xs}))"))?.matches(&m);
        prop_assert_eq!(and, mx && my, "a AND b is true exactly when both are");
        prop_assert_eq!(or, mx || my, "a OR b is true exactly when one is");
        prop_assert!(!(not_x && mx), "NOT x and x are never both true");
        prop_assert_eq!(not_not_x, mx, "NOT NOT x is x");
        // De Morgan holds in three-valued logic too.
        let nand = compile(&format!("NOT (({xs}) AND ({ys}))"))?.matches(&m);
        let or_nots = compile(&format!("(NOT ({xs})) OR (NOT ({ys}))"))?.matches(&m);
        prop_assert_eq!(nand, or_nots);
        // With every property present nothing is unknown (a wrong type is false, not unknown),
        // so NOT is the plain negation.
        let mut props = BTreeSet::new();
        x.props(&mut props);
        let seen = visible(&m);
        if props.iter().all(|p| seen.contains_key(p)) {
            prop_assert_eq!(not_x, !mx, "{} with every property present", xs);
        }
    }

    /// The negated forms of BETWEEN, IN and IS NULL are the negation of the plain form, except
    /// that a value of the wrong type makes both BETWEEN forms false (as RocketMQ does).
    #[test]
    fn negated_forms_are_negations(
        prop in prop_name(),
        low in number(),
        high in number(),
        values in proptest::collection::vec(short_string(), 1..4),
        m in message(),
    ) {
        let list = values.iter().map(|v| str_sql(v)).collect::<Vec<_>>().join(", ");
        let between = format!("{prop} BETWEEN {} AND {}", num_sql(low), num_sql(high));
        let pairs = [
            (
                format!("{prop} NOT BETWEEN {} AND {}", num_sql(low), num_sql(high)),
                between.clone(),
            ),
            (format!("{prop} NOT IN ({list})"), format!("{prop} IN ({list})")),
            (format!("{prop} IS NOT NULL"), format!("{prop} IS NULL")),
        ];
        let seen = visible(&m);
        let value = seen.get(prop).copied();
        for (negated, plain) in &pairs {
            let a = compile(negated)?.matches(&m);
            let b = compile(&format!("NOT ({plain})"))?.matches(&m);
            let wrong_type =
                *plain == between && value.is_some_and(|v| v.trim().parse::<f64>().is_err());
            if wrong_type {
                prop_assert!(!a && !compile(plain)?.matches(&m), "{}", negated);
            } else {
                prop_assert_eq!(a, b, "{} against NOT ({})", negated, plain);
            }
        }
    }

    /// Up to 128 operators compile (an OR chain of n comparisons has 2n - 1); `IN` lists are
    /// not counted, so they may hold as many values as the 4096 bytes allow.
    #[test]
    fn operator_limit(n in 1usize..200, items in 1usize..1100, m in message()) {
        let chain = vec!["a = 1"; n].join(" OR ");
        let compiled = Filter::sql(&chain);
        prop_assert_eq!(compiled.is_ok(), 2 * n - 1 <= 128, "{} terms", n);
        if let Ok(f) = compiled {
            let _ = f.matches(&m);
        }
        let list = format!("TAGS IN ({})", vec!["'x'"; items].join(","));
        prop_assert_eq!(Filter::sql(&list).is_ok(), list.len() <= 4096, "{} items", items);
    }

    /// Strings and booleans support only `=` and `<>`; values alone are not conditions.
    #[test]
    fn ordering_strings_and_lone_values_are_refused(
        prop in prop_name(),
        s in short_string(),
        op in proptest::sample::select(&[">", ">=", "<", "<="][..]),
        n in number(),
    ) {
        let refused = [
            format!("{prop} {op} {}", str_sql(&s)),
            format!("{} {op} {prop}", str_sql(&s)),
            format!("{prop} {op} TRUE"),
            num_sql(n),
            str_sql(&s),
            format!("{prop} = NULL"),
        ];
        for text in &refused {
            prop_assert!(Filter::sql(text).is_err(), "{:?} compiles", text);
        }
    }
}
