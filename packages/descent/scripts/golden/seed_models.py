"""The seed's two PyTorch models, as the study note writes them, for the golden scripts that
import them (torch_nn.py, torch_seed_runs.py, torch_safetensors.py). Not run on its own."""
import torch.nn as nn


class LinearNet(nn.Module):
    """The seed's first model: 4 -> 10 -> 1 with sigmoids (examples/seed_mlp.ts)."""

    def __init__(self):
        super(LinearNet, self).__init__()
        self.fc1 = nn.Linear(4, 10)
        self.fc2 = nn.Linear(10, 1)
        self.sigmoid = nn.Sigmoid()

    def forward(self, x):
        x = self.fc1(x)
        x = self.sigmoid(x)
        x = self.fc2(x)
        x = self.sigmoid(x)
        return x


class SoftmaxNet(nn.Module):
    """The seed's second model: softmax before CrossEntropyLoss, as the seed has it."""

    def __init__(self):
        super(SoftmaxNet, self).__init__()
        self.fc = nn.Linear(4, 3)

    def forward(self, x):
        x = self.fc(x)
        x = nn.functional.softmax(x, dim=1)
        return x
