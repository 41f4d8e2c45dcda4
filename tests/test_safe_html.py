from components.safe_html import escape_text, highlight, json_for_script, link_or_text, safe_url


def test_scraped_text_is_escaped_and_missing_values_are_empty():
    assert escape_text("<img src=x onerror=alert(1)>") == "&lt;img src=x onerror=alert(1)&gt;"
    assert escape_text(None) == "" and escape_text(float("nan")) == ""


def test_only_http_links_become_links():
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert link_or_text("javascript:alert(1)", "x") == "javascript:alert(1)"
    assert link_or_text("https://example.org/?a=1&b=2", "r").startswith('<a href="https://example.org/?a=1&amp;b=2"')


def test_highlight_marks_the_mention_inside_escaped_text():
    assert highlight("Clashes in <b>Khanaser</b> and khanaser", "Khanaser") == (
        "Clashes in &lt;b&gt;<mark>Khanaser</mark>&lt;/b&gt; and <mark>khanaser</mark>")


def test_json_inside_a_script_element_cannot_close_it():
    assert "</script>" not in json_for_script('{"t": "</script><script>alert(1)</script>"}')


def test_a_url_with_whitespace_or_control_characters_is_never_a_link():
    for url in ["https://a.example/x\n\n<h1>x</h1>", "https://a.example/x y", "https://a.example/\x00",
                "https://a.example/\u202e", "https://a.example/\tx"]:
        assert safe_url(url) is None
        assert "<a" not in link_or_text(url, url)
    assert safe_url("  https://a.example/x  ") == "https://a.example/x"
