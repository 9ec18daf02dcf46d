/** Line charts with uPlot: loss and accuracy per epoch, and the learning-rate comparison. */
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";

export interface Series {
  label: string;
  color: string;
  dash?: number[];
}

export class LineChart {
  private plot: uPlot;
  private readonly resize: ResizeObserver;

  constructor(
    root: HTMLElement,
    title: string,
    series: Series[],
    opts: { log?: boolean; yLabel: string; height?: number },
  ) {
    const width = Math.max(200, root.clientWidth || 320);
    this.plot = new uPlot(
      {
        title,
        width,
        height: opts.height ?? 170,
        scales: { x: { time: false }, y: opts.log ? { distr: 3 } : {} },
        axes: [{ label: "epoch" }, { label: opts.yLabel, size: 56 }],
        legend: { live: false },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: "epoch" },
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            dash: s.dash,
            spanGaps: false,
          })),
        ],
      },
      [[], ...series.map(() => [])],
      root,
    );
    root.setAttribute("role", "img");
    root.setAttribute("aria-label", `${title}: ${series.map((s) => s.label).join(", ")} by epoch`);
    this.resize = new ResizeObserver(() => {
      const w = Math.max(200, root.clientWidth);
      if (Math.abs(w - this.plot.width) > 2)
        this.plot.setSize({ width: w, height: this.plot.height });
    });
    this.resize.observe(root);
  }

  /** Replaces the data: x values and one array per series (null for gaps). */
  set(x: number[], ys: (number | null)[][]): void {
    this.plot.setData([x, ...ys] as uPlot.AlignedData);
  }
}
