//! Boots the portal: mounts it into the page's portal element.

fn main() {
    portal::mount();
}
