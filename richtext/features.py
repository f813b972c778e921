"""The rich-text feature lists: named here once, used by every app."""

# The one list of rich-text features for body paragraphs, callouts and FAQ
# answers: internal and external links, document links, bold, italic, lists,
# and citations of Reference snippets (the "citation" feature is registered by
# the references app).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "citation"]
