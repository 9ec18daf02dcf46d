/**
 * The seed's first program, line for line: a two-layer sigmoid network trained with BCELoss and
 * SGD on make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0,
 * random_state=42).
 *
 * Run: npx tsx examples/seed_mlp.ts
 */
import { nn, optim, noGrad, type Tensor } from "descent";
import { seedData } from "./seed_data.js";

// 生成示例数据 (generate the data)
const { X, y: labels } = seedData();
const y = labels.float().view(-1, 1); // y as float, shape (batch_size, 1)

// 定义神经网络模型 (define the model)
class LinearNet extends nn.Module {
  fc1 = new nn.Linear(4, 10); // input 4, output 10
  fc2 = new nn.Linear(10, 1); // input 10, output 1
  sigmoid = new nn.Sigmoid();

  forward(x: Tensor): Tensor {
    x = this.fc1.forward(x);
    x = this.sigmoid.forward(x);
    x = this.fc2.forward(x);
    x = this.sigmoid.forward(x);
    return x;
  }
}

// 实例化模型、定义损失函数和优化器 (model, loss and optimizer)
const model = new LinearNet();
const criterion = new nn.BCELoss(); // binary cross-entropy
const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

// 训练模型 (train)
const numEpochs = 1000;
for (let epoch = 0; epoch < numEpochs; epoch++) {
  const outputs = model.forward(X); // forward pass
  const loss = criterion.forward(outputs, y);

  optimizer.zeroGrad(); // clear gradients
  loss.backward(); // backpropagation
  optimizer.step(); // update parameters

  if ((epoch + 1) % 100 === 0) {
    console.log(`Epoch [${epoch + 1}/${numEpochs}], Loss: ${loss.item().toFixed(4)}`);
  }
}

// 可视化结果 (evaluate)
noGrad(() => {
  const outputs = model.forward(X);
  const predicted = outputs.ge(0.5).float();
  const accuracy = predicted.eq(y).float().mean();
  console.log(`Accuracy: ${(accuracy.item() * 100).toFixed(2)}%`);
});
