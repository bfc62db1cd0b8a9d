"""How every page is laid out: compact, so that a projector's 1280 × 720 shows a whole page.

Streamlit's defaults leave 6rem above a page's title and print metrics in big type; on a
classroom projector that pushes the charts below the fold. This style tightens them.
"""

import streamlit as st

COMPACT_PAGE_STYLE = """
<style>
/* Less room above the title (just clear Streamlit's header bar) and at the sides. */
[data-testid="stMainBlockContainer"] {
  padding: 3.2rem 1.5rem 2rem 1.5rem;
}
[data-testid="stMainBlockContainer"] h1 { font-size: 2rem; padding: 0 0 0.25rem 0; }
/* The run's numbers: readable from the back of a classroom, without a screen's height each. */
[data-testid="stMetricValue"] { font-size: 1.6rem; line-height: 1.2; }
[data-testid="stMetricLabel"] { min-height: 1.2rem; }
/* The row of the run's numbers (ui/views/run_summary.py) looks like equal columns: each number
   as wide as the others whatever the length of its label, one under the other on a phone
   (where Streamlit stacks columns). */
@media (min-width: 640px) {
  .st-key-run_numbers > * { flex: 1 1 0 !important; min-width: 0; }
}
@media (max-width: 639.98px) {
  .st-key-run_numbers > * { flex: 1 1 100% !important; }
}
</style>
"""


def use_compact_page_style():
    """Apply COMPACT_PAGE_STYLE to the page being drawn (app.py calls it for every page)."""
    st.html(COMPACT_PAGE_STYLE)
