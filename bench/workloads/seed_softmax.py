# The seed's second program as the study note has it, minus the plot (bench/fresh.ts times it as a
# user runs it: `python3 seed_softmax.py`, from the start of the process to the last accuracy line).
import torch
import torch.nn as nn
import torch.optim as optim
from sklearn.datasets import make_classification

# 生成示例数据
X, y = make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0, random_state=42)
X = torch.from_numpy(X).float()  # 转为 tensor 类型
y = torch.from_numpy(y).long()  # 转为 tensor 类型

# 定义神经网络模型
class SoftmaxNet(nn.Module):
    def __init__(self):
        super(SoftmaxNet, self).__init__()
        self.fc = nn.Linear(4, 3)  # 全连接层,输入大小为 4,输出大小为 3

    def forward(self, x):
        x = self.fc(x)
        x = nn.functional.softmax(x, dim=1)  # softmax 激活函数
        return x

# 实例化模型、定义损失函数和优化器
model = SoftmaxNet()
criterion = nn.CrossEntropyLoss()  # 交叉熵损失函数
optimizer = optim.SGD(model.parameters(), lr=0.1)  # 随机梯度下降优化器

# 训练模型
num_epochs = 1000
for epoch in range(num_epochs):
    # 前向传播
    outputs = model(X)
    loss = criterion(outputs, y)

    # 反向传播和优化
    optimizer.zero_grad()  # 梯度清零
    loss.backward()  # 反向传播
    optimizer.step()  # 更新参数

    # 打印损失值
    if (epoch+1) % 100 == 0:
        _, predicted = torch.max(outputs.data, 1)
        correct = (predicted == y).sum().item()
        accuracy = correct / len(y)
        print('Epoch [{}/{}], Loss: {:.4f}, Accuracy: {:.2f}%'.format(epoch+1, num_epochs, loss.item(), accuracy*100))

# 可视化结果 (the plot left out)
with torch.no_grad():
    outputs = model(X)
    _, predicted = torch.max(outputs.data, 1)
