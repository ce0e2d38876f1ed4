//! Dependencies that read a file's structure (calamine, zip) trust sizes and offsets written
//! inside it and can panic on a damaged one. Such a panic is one more kind of damage: it is
//! caught where the dependency is called and becomes the usual "damaged file" message. The
//! default panic hook would still print "thread … panicked at …" to the person's terminal
//! first, so while a dependency runs here the hook stays silent on this thread; everywhere
//! else (a bug of Closeout's own) it prints as before.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// True while this thread runs a dependency whose panics `caught` turns into damage.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Runs `f`, which reads a file through a dependency; `None` if it panicked. Nothing is
/// printed for that panic.
pub(super) fn caught<T>(f: impl FnOnce() -> T) -> Option<T> {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::caught;

    #[test]
    fn a_panic_becomes_none_and_a_value_passes() {
        assert_eq!(caught(|| 7), Some(7));
        assert_eq!(caught(|| -> u8 { panic!("index out of bounds in a dependency") }), None);
        // Nested: the inner call restores the outer one's silence, not the default.
        assert_eq!(caught(|| caught(|| -> u8 { panic!("inner") }).is_none() && caught(|| 1).is_some()), Some(true));
    }
}
