# The seed's first program as the study note has it, minus the plot (bench/fresh.ts times it as a
# user runs it: `python3 seed_mlp.py`, from the start of the process to the accuracy line).
import torch
import torch.nn as nn
import torch.optim as optim
from sklearn.datasets import make_classification

# 生成示例数据
X, y = make_classification(n_samples=1000, n_features=4, n_informative=2, n_redundant=0, random_state=42)
X = torch.from_numpy(X).float()  # 转为 tensor 类型
y = torch.from_numpy(y).float().view(-1, 1)  # 转为 tensor 类型并将 y 的形状变为 (batch_size, 1)

# 定义神经网络模型
class LinearNet(nn.Module):
    def __init__(self):
        super(LinearNet, self).__init__()
        self.fc1 = nn.Linear(4, 10)  # 第一层全连接层,输入大小为 4,输出大小为 10
        self.fc2 = nn.Linear(10, 1)  # 第二层全连接层,输入大小为 10,输出大小为 1
        self.sigmoid = nn.Sigmoid()  # sigmoid 激活函数

    def forward(self, x):
        x = self.fc1(x)
        x = self.sigmoid(x)
        x = self.fc2(x)
        x = self.sigmoid(x)
        return x

# 实例化模型、定义损失函数和优化器
model = LinearNet()
criterion = nn.BCELoss()  # 二分类交叉熵损失函数
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
        print('Epoch [{}/{}], Loss: {:.4f}'.format(epoch+1, num_epochs, loss.item()))

# 可视化结果 (the plot left out)
with torch.no_grad():
    outputs = model(X)
    predicted = (outputs >= 0.5).float()
    accuracy = (predicted == y).float().mean()
    print('Accuracy: {:.2f}%'.format(accuracy * 100))
