//! The process's log filter, changeable at runtime (`apogee admin log-level`). The logging
//! set-up registers how to change it; the admin API calls [`set`].

use std::sync::OnceLock;

use parking_lot::Mutex;

type Setter = Box<dyn Fn(&str) -> Result<(), String> + Send + Sync>;

static SETTER: OnceLock<Setter> = OnceLock::new();
static CURRENT: Mutex<String> = Mutex::new(String::new());

/// Registers the function that applies a filter, and the filter in force.
pub fn register(current: &str, setter: Setter) {
    *CURRENT.lock() = current.to_string();
    let _ = SETTER.set(setter);
}

/// The filter in force (`""` when logging was not set up by this process's entry point).
pub fn current() -> String {
    CURRENT.lock().clone()
}

/// Applies `filter` (e.g. `debug` or `info,apogee_store=debug`); an invalid filter is refused
/// and the old one stays.
pub fn set(filter: &str) -> Result<(), String> {
    let setter = SETTER
        .get()
        .ok_or_else(|| "this process's logging cannot be changed at runtime".to_string())?;
    setter(filter)?;
    *CURRENT.lock() = filter.to_string();
    Ok(())
}
