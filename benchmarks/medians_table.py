"""The table a before/after benchmark prints at its end: each figure's median over the rounds."""

import statistics


def print_medians(results, rounds):
    """Print a markdown table of `results` ({version name: [one dict of figures per round]}):
    a row per figure, a column per version, each cell the figure's median over `rounds`."""
    names = list(results)
    print(f"\n| figure (median of {rounds} rounds) | " + " | ".join(names) + " |")
    print("| --- | " + " | ".join("---:" for _ in names) + " |")
    for figure in results[names[0]][0]:
        values = [statistics.median(result[figure] for result in results[name]) for name in names]
        print(f"| {figure.replace('_', ' ')} | " + " | ".join(f"{v:.2f}" for v in values) + " |")
