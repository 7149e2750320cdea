//! `Rc` values compared by identity, for props and hook dependencies that hold big data (a
//! loaded result, a list of 250k row ids): equal when they are the same allocation, so Yew
//! never walks them to compare.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` that is equal only to clones of itself.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> From<Rc<T>> for Shared<T> {
    fn from(rc: Rc<T>) -> Self {
        Shared(rc)
    }
}

#[cfg(test)]
mod tests {
    use super::Shared;

    #[test]
    fn equal_by_identity_only() {
        let a = Shared::new(vec![1, 2]);
        let b = Shared::new(vec![1, 2]);
        assert!(a == a.clone());
        assert!(a != b);
        assert_eq!(a.len(), 2);
    }
}
