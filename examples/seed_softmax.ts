/**
 * The seed's second program, line for line: "softmax regression", a Linear(4, 3) layer followed by
 * a softmax, trained with CrossEntropyLoss and SGD (lr 0.1, full batch, 1000 epochs) on
 * make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0,
 * random_state=42). Every 100 epochs it prints the seed's line,
 * `Epoch [100/1000], Loss: 0.7213, Accuracy: 85.30%`.
 *
 * It keeps the seed's mistake on purpose (see SoftmaxNet.forward);
 * examples/seed_softmax_logits.ts is the corrected program.
 *
 * Run: npx tsx examples/seed_softmax.ts
 * Use: import { run } from "./seed_softmax.js"; run({ numEpochs: 300, log: () => {} })
 */
import { pathToFileURL } from "node:url";

import { F, Generator, defaultGenerator, nn, noGrad, optim, type Tensor } from "descent";
import { seedData } from "./seed_data.js";

// 定义神经网络模型 (define the model)
export class SoftmaxNet extends nn.Module {
  fc: nn.Linear;

  constructor(generator: Generator = defaultGenerator) {
    super();
    this.fc = new nn.Linear(4, 3, { generator }); // input 4, output 3
  }

  forward(x: Tensor): Tensor {
    x = this.fc.forward(x);
    // The seed's mistake, kept here as the seed has it: CrossEntropyLoss expects raw scores
    // (logits) and applies logSoftmax itself, so this softmax makes the loss
    // -log softmax(softmax(z))_y: the softmax is applied twice. It looks harmless, since the
    // argmax (the prediction) is unchanged, but it is real: the second softmax sees inputs in
    // [0, 1], so its output stays close to uniform and the loss cannot fall below ln(1 + 2/e)
    // ≈ 0.551 even for a perfect, confident model (3 classes); and the gradient is multiplied by
    // the first softmax's Jacobian (entries at most 1/4), which squashes it, most of all for
    // confident (saturated) outputs, so learning is slow. Return the logits instead
    // (examples/seed_softmax_logits.ts), and apply softmax only to read probabilities.
    x = F.softmax(x, 1); // softmax 激活函数 (softmax activation)
    return x;
  }
}

export interface RunOptions {
  numEpochs?: number;
  lr?: number;
  /** Seed of the generator for the initial weights (default: the default generator). */
  seed?: number;
  /** Where the progress lines go (default console.log). */
  log?: (line: string) => void;
}

export interface Report {
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface RunResult {
  /** The loss of every epoch (of that epoch's forward pass, before the step). */
  losses: number[];
  /** What the seed prints every 100 epochs. */
  reports: Report[];
  /** Accuracy of the trained model on the training set. */
  accuracy: number;
}

/** Trains `model` as the seed does: full batch, CrossEntropyLoss, SGD. */
export function train(model: nn.Module, opts: RunOptions = {}): RunResult {
  const { numEpochs = 1000, lr = 0.1, log = console.log } = opts;
  // 生成示例数据 (generate the data)
  const { X, y } = seedData(); // y: int32 class indices, as the seed's .long()

  // 实例化模型、定义损失函数和优化器 (model, loss and optimizer)
  const criterion = new nn.CrossEntropyLoss(); // cross-entropy loss
  const optimizer = new optim.SGD(model.parameters(), { lr }); // stochastic gradient descent

  // 训练模型 (train)
  const losses: number[] = [];
  const reports: Report[] = [];
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    const outputs = model.forward(X); // forward pass
    const loss = criterion.forward(outputs, y);

    optimizer.zeroGrad(); // clear gradients
    loss.backward(); // backpropagation
    optimizer.step(); // update parameters
    losses.push(loss.item());

    if ((epoch + 1) % 100 === 0) {
      const [, predicted] = outputs.data.max(1);
      const correct = predicted.eq(y).sum().item();
      const accuracy = correct / y.shape[0];
      reports.push({ epoch: epoch + 1, loss: loss.item(), accuracy });
      log(
        `Epoch [${epoch + 1}/${numEpochs}], Loss: ${loss.item().toFixed(4)}, ` +
          `Accuracy: ${(accuracy * 100).toFixed(2)}%`,
      );
    }
  }

  // 可视化结果 (the seed plots the predictions here; we return the final accuracy)
  const accuracy = noGrad(() => {
    const { indices: predicted } = model.forward(X).max(1);
    return predicted.eq(y).sum().item() / y.shape[0];
  });
  return { losses, reports, accuracy };
}

/** The seed's program with its SoftmaxNet. */
export function run(opts: RunOptions = {}): RunResult {
  const generator = opts.seed === undefined ? defaultGenerator : new Generator(opts.seed);
  return train(new SoftmaxNet(generator), opts);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) run();
