/**
 * The browser row's descent page: W1's first 1000 epochs in a fresh page, then W4 (d2l's MLP,
 * batch 256, shuffled by a DataLoader), as bench/workloads/descent.ts writes them. Bundled by
 * bench/browser.ts with `descent` as the library's browser entry.
 */
import {
  DataLoader,
  Generator,
  TensorDataset,
  backendInfo,
  fromTypedArray,
  nn,
  optim,
  type Tensor,
} from "descent";
import { BATCH, LR, type PageResult, type PageTask, array, init, seconds } from "./page_common.js";

async function linear(workload: string, name: string): Promise<nn.Linear> {
  const p = await init(workload);
  const w = p[`${name}.weight`];
  const b = p[`${name}.bias`];
  const layer = new nn.Linear(w.shape[1], w.shape[0]);
  layer.loadStateDict({
    weight: fromTypedArray(w.data, w.shape),
    bias: fromTypedArray(b.data, b.shape),
  });
  return layer;
}

const tensor = async (name: string): Promise<Tensor> => {
  const a = await array(name);
  return fromTypedArray(a.data, a.shape);
};

export async function run(task: PageTask): Promise<PageResult> {
  // W1: the seed's loop, its first 1000 epochs in this page.
  const X = await tensor("seed_X");
  const y = (await tensor("seed_y")).float().view(-1, 1);
  const fc1 = await linear("W1", "fc1");
  const fc2 = await linear("W1", "fc2");
  const sigmoid = new nn.Sigmoid();
  const model = new nn.Sequential(fc1, sigmoid, fc2, sigmoid);
  const criterion = new nn.BCELoss();
  let optimizer = new optim.SGD(model.parameters(), { lr: LR });
  let loss = NaN;
  let t0 = seconds();
  for (let epoch = 0; epoch < 1000; epoch++) {
    const l = criterion.forward(model.forward(X), y);
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    if ((epoch + 1) % 100 === 0) loss = l.item();
  }
  const w1 = { seconds: seconds() - t0, loss };

  // W4: d2l's MLP over a shuffling DataLoader.
  const FX = await tensor("fashion_X");
  const Fy = await tensor("fashion_y");
  const mlp = new nn.Sequential(
    await linear("W4", "fc1"),
    new nn.ReLU(),
    await linear("W4", "fc2"),
  );
  const ce = new nn.CrossEntropyLoss();
  optimizer = new optim.SGD(mlp.parameters(), { lr: LR });
  const loader = new DataLoader(new TensorDataset(FX, Fy), {
    batchSize: BATCH,
    shuffle: true,
    generator: new Generator(0),
  });
  const train = (batches: number): { samples: number; loss: number } => {
    let done = 0;
    let samples = 0;
    let last: Tensor | undefined;
    while (done < batches) {
      for (const [xb, yb] of loader) {
        last = ce.forward(mlp.forward(xb), yb);
        optimizer.zeroGrad();
        last.backward();
        optimizer.step();
        samples += xb.shape[0];
        if (++done === batches) break;
      }
    }
    return { samples, loss: last ? last.item() : NaN };
  };
  train(task.warmupBatches);
  t0 = seconds();
  const r = train(task.batches);
  const info = backendInfo();
  return {
    w1,
    w4: { rate: r.samples / (seconds() - t0), loss: r.loss },
    info: `descent ${JSON.stringify(info)}`,
  };
}
