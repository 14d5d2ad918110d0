//! SQL92 property filters with RocketMQ's grammar: numeric comparisons (`>`, `>=`, `<`, `<=`,
//! `=`, `<>`), `[NOT] BETWEEN`, `[NOT] IN` over strings, string equality, `IS [NOT] NULL`,
//! `AND`, `OR`, `NOT`, `TRUE`, `FALSE` and parentheses. Properties are the user properties plus
//! `TAGS` (the tag). `sqlparser` parses; this module checks the tree once into a small form and
//! evaluates it per message.
//!
//! Evaluation uses SQL's three-valued logic: a comparison with a missing property is unknown
//! (neither it nor its negation matches); a property whose value has the wrong type (say `abc`
//! compared with a number) makes the comparison false, not an error.

use std::collections::HashMap;
use std::fmt;

use apogee_types::Message;
use sqlparser::ast::{
    AccessExpr, BinaryOperator, Expr, FunctionArguments, InTarget, Spanned, UnaryOperator, Value,
};
use sqlparser::dialect::GenericDialect;
use sqlparser::keywords::Keyword;
use sqlparser::parser::{Parser, ParserError};
use sqlparser::tokenizer::{Token, Tokenizer};

/// Longest expression accepted.
const MAX_LEN: usize = 4096;

/// Most operators and keywords an expression may hold (identifiers, literals, commas and
/// parentheses are not counted, so `IN` lists of any length fit). Each one can add a level to
/// the parsed tree, which `predicate`, `eval` and sqlparser's own `span()` and `Display` walk
/// recursively; sqlparser bounds only nesting through parentheses and prefix operators, not
/// left-deep chains, so 4 KB such as `a > 1+1+1…` or `a=1 OR a=1 OR …` overflowed a 2 MiB
/// thread stack (tokio's workers, test threads) in debug builds and aborted the process. Found
/// by `tests/fuzz_sql.rs`.
const MAX_OPERATORS: usize = 128;

/// Why an expression was refused, with where (1-based line and column; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilterError {
    pub message: String,
    pub line: u64,
    pub column: u64,
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(
                f,
                "at line {}, column {}: {}",
                self.line, self.column, self.message
            )
        } else {
            f.write_str(&self.message)
        }
    }
}

impl std::error::Error for FilterError {}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cmp {
    Gt,
    Ge,
    Lt,
    Le,
    Eq,
    Ne,
}

impl Cmp {
    fn flip(self) -> Self {
        match self {
            Cmp::Gt => Cmp::Lt,
            Cmp::Ge => Cmp::Le,
            Cmp::Lt => Cmp::Gt,
            Cmp::Le => Cmp::Ge,
            eq => eq,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Num(f64),
    Str(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Const(bool),
    And(Box<Node>, Box<Node>),
    Or(Box<Node>, Box<Node>),
    Not(Box<Node>),
    Compare {
        prop: String,
        op: Cmp,
        value: Literal,
    },
    Between {
        prop: String,
        low: f64,
        high: f64,
        negated: bool,
    },
    In {
        prop: String,
        values: Vec<String>,
        negated: bool,
    },
    IsNull {
        prop: String,
        negated: bool,
    },
}

/// A compiled SQL92 filter.
#[derive(Debug, Clone, PartialEq)]
pub struct SqlFilter {
    root: Node,
    /// The expression as given, so a proxy can pass the filter on to a broker.
    source: String,
}

fn error_at(expr: &Expr, message: impl Into<String>) -> FilterError {
    let start = expr.span().start;
    FilterError {
        message: message.into(),
        line: start.line,
        column: start.column,
    }
}

/// Pulls "Line: L, Column: C" out of a parser message; an unexpected end of input is placed
/// just past the last character.
fn parser_error(e: ParserError, expression: &str) -> FilterError {
    let text = e.to_string();
    if text.contains("found: EOF") {
        let column = u64::try_from(expression.trim_end().chars().count()).unwrap_or(0) + 1;
        return FilterError {
            message: text,
            line: 1,
            column,
        };
    }
    let number_after = |tag: &str| {
        text.find(tag).and_then(|i| {
            text[i + tag.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .ok()
        })
    };
    FilterError {
        message: text.clone(),
        line: number_after("Line: ").unwrap_or(0),
        column: number_after("Column: ").unwrap_or(0),
    }
}

impl SqlFilter {
    pub fn compile(expression: &str) -> Result<Self, FilterError> {
        if expression.trim().is_empty() {
            return Err(FilterError {
                message: "the SQL expression is empty".into(),
                line: 0,
                column: 0,
            });
        }
        if expression.len() > MAX_LEN {
            return Err(FilterError {
                message: format!("the SQL expression is longer than {MAX_LEN} bytes"),
                line: 0,
                column: 0,
            });
        }
        let dialect = GenericDialect {};
        // Tokenized as `Parser::try_with_sql` does, so the operators can be counted first.
        let tokens = Tokenizer::new(&dialect, expression)
            .with_unescape(true)
            .tokenize_with_location()
            .map_err(|e| parser_error(e.into(), expression))?;
        if let Some(t) = tokens
            .iter()
            .filter(|t| is_operator(&t.token))
            .nth(MAX_OPERATORS)
        {
            return Err(FilterError {
                message: format!(
                    "the SQL expression has more than {MAX_OPERATORS} operators; \
                     list values with IN (...)"
                ),
                line: t.span.start.line,
                column: t.span.start.column,
            });
        }
        let mut parser = Parser::new(&dialect).with_tokens_with_locations(tokens);
        let expr = parser
            .parse_expr()
            .map_err(|e| parser_error(e, expression))?;
        // Anything after a complete expression is an error, not silently ignored.
        let rest = parser.peek_token();
        if rest.token != Token::EOF {
            return Err(FilterError {
                message: format!("unexpected {} after the expression", rest.token),
                line: rest.span.start.line,
                column: rest.span.start.column,
            });
        }
        Ok(Self {
            root: predicate(&expr)?,
            source: expression.to_owned(),
        })
    }

    /// The expression as it was compiled.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Whether a message matches; unknown counts as no.
    pub fn matches(&self, m: &Message) -> bool {
        let mut props: HashMap<&str, &str> = m
            .user_properties
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        if let Some(tag) = &m.tag {
            props.insert("TAGS", tag);
        }
        eval(&self.root, &props) == Some(true)
    }
}

/// Whether a token counts against [`MAX_OPERATORS`]: anything but whitespace, commas,
/// parentheses, literals and plain identifiers.
fn is_operator(t: &Token) -> bool {
    match t {
        Token::Whitespace(_)
        | Token::Comma
        | Token::LParen
        | Token::RParen
        | Token::EOF
        | Token::Number(..)
        | Token::SingleQuotedString(_) => false,
        Token::Word(w) => w.keyword != Keyword::NoKeyword,
        _ => true,
    }
}

fn predicate(e: &Expr) -> Result<Node, FilterError> {
    match e {
        Expr::Nested(inner) => predicate(inner),
        Expr::Value(v) => match &v.value {
            Value::Boolean(b) => Ok(Node::Const(*b)),
            _ => Err(error_at(e, "a value alone is not a condition")),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Not,
            expr,
        } => Ok(Node::Not(Box::new(predicate(expr)?))),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::And,
            right,
        } => Ok(Node::And(
            Box::new(predicate(left)?),
            Box::new(predicate(right)?),
        )),
        Expr::BinaryOp {
            left,
            op: BinaryOperator::Or,
            right,
        } => Ok(Node::Or(
            Box::new(predicate(left)?),
            Box::new(predicate(right)?),
        )),
        Expr::BinaryOp { left, op, right } => {
            let cmp = match op {
                BinaryOperator::Gt => Cmp::Gt,
                BinaryOperator::GtEq => Cmp::Ge,
                BinaryOperator::Lt => Cmp::Lt,
                BinaryOperator::LtEq => Cmp::Le,
                BinaryOperator::Eq => Cmp::Eq,
                BinaryOperator::NotEq => Cmp::Ne,
                other => return Err(error_at(e, format!("operator {other} is not supported"))),
            };
            let (prop, cmp, value) = match (property(left), property(right)) {
                (Some(p), None) => (p, cmp, literal(right)?),
                (None, Some(p)) => (p, cmp.flip(), literal(left)?),
                (Some(_), Some(_)) => {
                    return Err(error_at(e, "comparing two properties is not supported"));
                }
                (None, None) => {
                    return Err(error_at(e, "a comparison needs a property on one side"));
                }
            };
            if matches!(value, Literal::Str(_) | Literal::Bool(_))
                && !matches!(cmp, Cmp::Eq | Cmp::Ne)
            {
                return Err(error_at(e, "strings and booleans support only = and <>"));
            }
            Ok(Node::Compare {
                prop,
                op: cmp,
                value,
            })
        }
        Expr::Between {
            expr,
            negated,
            low,
            high,
        } => {
            let prop = property(expr)
                .ok_or_else(|| error_at(expr, "BETWEEN needs a property on its left"))?;
            let (Literal::Num(low), Literal::Num(high)) = (literal(low)?, literal(high)?) else {
                return Err(error_at(e, "BETWEEN needs numbers"));
            };
            Ok(Node::Between {
                prop,
                low,
                high,
                negated: *negated,
            })
        }
        Expr::In {
            expr,
            target: InTarget::List(list),
            negated,
            ..
        } => {
            let prop =
                property(expr).ok_or_else(|| error_at(expr, "IN needs a property on its left"))?;
            let values = list
                .iter()
                .map(|v| match literal(v)? {
                    Literal::Str(s) => Ok(s),
                    _ => Err(error_at(v, "IN lists hold strings")),
                })
                .collect::<Result<_, _>>()?;
            Ok(Node::In {
                prop,
                values,
                negated: *negated,
            })
        }
        Expr::IsNull(inner) => Ok(Node::IsNull {
            prop: property(inner).ok_or_else(|| error_at(inner, "IS NULL needs a property"))?,
            negated: false,
        }),
        Expr::IsNotNull(inner) => Ok(Node::IsNull {
            prop: property(inner).ok_or_else(|| error_at(inner, "IS NOT NULL needs a property"))?,
            negated: true,
        }),
        other => Err(error_at(
            other,
            format!("`{other}` is not supported in a filter"),
        )),
    }
}

fn property(e: &Expr) -> Option<String> {
    match e {
        Expr::Identifier(id) => Some(id.value.clone()),
        // `a.b` names the property "a.b".
        Expr::CompoundIdentifier(parts) => Some(
            parts
                .iter()
                .map(|p| p.value.as_str())
                .collect::<Vec<_>>()
                .join("."),
        ),
        // `user.id`: the parser reads a keyword root as a call without parentheses.
        Expr::CompoundFieldAccess { root, access_chain } => {
            let mut name = property(root)?;
            for part in access_chain {
                match part {
                    AccessExpr::Dot(Expr::Identifier(id)) => {
                        name.push('.');
                        name.push_str(&id.value);
                    }
                    _ => return None,
                }
            }
            Some(name)
        }
        // A keyword used as a name (`user`, `order`) parses as a call without parentheses.
        Expr::Function(f) if matches!(f.args, FunctionArguments::None) && f.name.0.len() == 1 => {
            f.name.0[0].as_ident().map(|id| id.value.clone())
        }
        Expr::Nested(inner) => property(inner),
        _ => None,
    }
}

fn literal(e: &Expr) -> Result<Literal, FilterError> {
    match e {
        Expr::Nested(inner) => literal(inner),
        Expr::Value(v) => match &v.value {
            Value::Number(n, _) => n
                .parse()
                .map(Literal::Num)
                .map_err(|_| error_at(e, format!("{n} is not a number"))),
            Value::SingleQuotedString(s) => Ok(Literal::Str(s.clone())),
            Value::Boolean(b) => Ok(Literal::Bool(*b)),
            Value::Null => Err(error_at(e, "compare with NULL using IS NULL")),
            other => Err(error_at(e, format!("value {other} is not supported"))),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Minus,
            expr,
        } => match literal(expr)? {
            Literal::Num(n) => Ok(Literal::Num(-n)),
            _ => Err(error_at(e, "only numbers can be negative")),
        },
        Expr::UnaryOp {
            op: UnaryOperator::Plus,
            expr,
        } => literal(expr),
        other => Err(error_at(other, format!("`{other}` is not a constant"))),
    }
}

fn eval(n: &Node, props: &HashMap<&str, &str>) -> Option<bool> {
    match n {
        Node::Const(b) => Some(*b),
        Node::Not(x) => eval(x, props).map(|b| !b),
        Node::And(a, b) => match (eval(a, props), eval(b, props)) {
            (Some(false), _) | (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        Node::Or(a, b) => match (eval(a, props), eval(b, props)) {
            (Some(true), _) | (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        Node::Compare { prop, op, value } => {
            let v = props.get(prop.as_str())?;
            Some(match value {
                Literal::Num(want) => match v.trim().parse::<f64>() {
                    Ok(got) => match op {
                        Cmp::Gt => got > *want,
                        Cmp::Ge => got >= *want,
                        Cmp::Lt => got < *want,
                        Cmp::Le => got <= *want,
                        Cmp::Eq => got == *want,
                        Cmp::Ne => got != *want,
                    },
                    Err(_) => false,
                },
                Literal::Str(want) => (*v == want.as_str()) == (*op == Cmp::Eq),
                Literal::Bool(want) => {
                    let got = match v.trim().to_ascii_lowercase().as_str() {
                        "true" => true,
                        "false" => false,
                        _ => return Some(false),
                    };
                    (got == *want) == (*op == Cmp::Eq)
                }
            })
        }
        Node::Between {
            prop,
            low,
            high,
            negated,
        } => {
            let v = props.get(prop.as_str())?;
            Some(match v.trim().parse::<f64>() {
                Ok(got) => (got >= *low && got <= *high) != *negated,
                Err(_) => false,
            })
        }
        Node::In {
            prop,
            values,
            negated,
        } => {
            let v = props.get(prop.as_str())?;
            Some(values.iter().any(|x| x == v) != *negated)
        }
        Node::IsNull { prop, negated } => Some(props.contains_key(prop.as_str()) == *negated),
    }
}
