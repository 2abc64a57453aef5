//! The customer payment portal: a Leptos single-page app.
