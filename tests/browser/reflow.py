"""WCAG 1.4.10 reflow: at 320 CSS pixels wide a page scrolls only vertically."""


def assert_reflows(page, width: int = 320) -> None:
    """Narrow the window to ``width`` pixels and check nothing makes the page wider than the window."""
    original = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        overflow = page.evaluate(
            """() => {
                const root = document.documentElement;
                const wide = [...document.querySelectorAll("body *")]
                    .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 1)
                    .filter((el) => getComputedStyle(el).position !== "fixed")
                    .slice(0, 5)
                    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
                        + (el.className && typeof el.className === "string" ? "." + el.className.split(" ")[0] : ""));
                return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
            }"""
        )
    finally:
        if original:
            page.set_viewport_size(original)
    assert overflow["scrollWidth"] <= overflow["clientWidth"], (
        f"the page scrolls sideways at {width} px: {overflow['scrollWidth']} px wide; widest parts {overflow['wide']}"
    )
