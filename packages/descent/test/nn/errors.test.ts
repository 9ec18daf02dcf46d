/**
 * The errors a user of the seed's programs meets first: each names the op, the offending values
 * or shapes, and the remedy.
 */
import { test } from "node:test";
import assert from "node:assert/strict";

import type { Tensor } from "../../src/index.js";
import { full, nn, tensor, zeros } from "../../src/index.js";

const labels = (v: number[]): Tensor => tensor(v, { dtype: "int32" });

test("Linear(4, 10) given 5 features names linear, both feature counts and both shapes", () => {
  const fc = new nn.Linear(4, 10);
  assert.throws(
    () => fc.forward(zeros([1000, 5])),
    (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.equal(
        e.message,
        "linear: input has 5 features but the layer expects 4 (input shape [1000, 5], weight [10, 4])",
      );
      return true;
    },
  );
  assert.throws(() => fc.forward(tensor(3)), /linear: input has no features .*input shape \[\]/);
  assert.throws(() => new nn.Linear(0, 3), /Linear: inFeatures must be a positive integer, got 0/);
  assert.throws(() => new nn.Linear(4, 2.5), /Linear: outFeatures must be a positive integer/);
});

test("CrossEntropyLoss: a class label out of range names the label, its index and the classes", () => {
  const ce = new nn.CrossEntropyLoss();
  assert.throws(
    () => ce.forward(zeros([4, 3]), labels([0, 1, 3, 2])),
    (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(
        e.message,
        /^crossEntropy: target 3 \(at index 2\) is out of bounds for 3 classes/,
      );
      assert.match(e.message, /expected 0\.\.2 or ignoreIndex -100/);
      return true;
    },
  );
  assert.throws(() => ce.forward(zeros([4, 3]), labels([0, -1, 1, 2])), /target -1 \(at index 1\)/);
  // the seed's SoftmaxNet has 3 outputs for 2 classes: labels 0 and 1 are in range
  assert.doesNotThrow(() => ce.forward(zeros([4, 3]), labels([0, 1, 1, 0])));
  assert.throws(
    () => new nn.NLLLoss().forward(zeros([2, 3]), labels([0, 5])),
    /^RangeError: nllLoss: target 5/,
  );
});

test("CrossEntropyLoss: float labels are rejected with the remedy", () => {
  const ce = new nn.CrossEntropyLoss();
  assert.throws(
    () => ce.forward(zeros([4, 3]), tensor([0, 1, 1, 2])),
    (e: Error) => {
      assert.ok(e instanceof TypeError);
      assert.match(
        e.message,
        /^crossEntropy: expected class indices as an int32 tensor, got float32/,
      );
      assert.match(e.message, /\{ dtype: "int32" \} or \.long\(\)/);
      assert.match(
        e.message,
        /class probabilities the target must have the input's shape \[4, 3\]/,
      );
      return true;
    },
  );
  // float targets of the input's shape are class probabilities, not labels
  assert.doesNotThrow(() =>
    ce.forward(
      zeros([2, 3]),
      tensor([
        [1, 0, 0],
        [0, 0.5, 0.5],
      ]),
    ),
  );
  assert.throws(
    () => ce.forward(zeros([4, 3]), labels([0, 1, 2])),
    /crossEntropy: target shape \[3\] does not match input \[4, 3\]; expected \[4\]/,
  );
  assert.throws(() => ce.forward(tensor(1), labels([0])), /crossEntropy: input must be \[C\]/);
  assert.throws(
    () =>
      new nn.CrossEntropyLoss({ weight: tensor([1, 2]) }).forward(
        zeros([4, 3]),
        labels([0, 1, 1, 2]),
      ),
    /crossEntropy: weight must have shape \[3\] \(one per class\), got \[2\]/,
  );
  assert.throws(
    () => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }).forward(zeros([1, 3]), labels([0])),
    /labelSmoothing must be between 0 and 1, got 1\.5/,
  );
});

test("BCELoss: input or target outside [0, 1]", () => {
  const bce = new nn.BCELoss();
  assert.throws(
    () => bce.forward(tensor([0.5, 1.5]), tensor([0, 1])),
    (e: Error) => {
      assert.ok(e instanceof RangeError);
      assert.match(
        e.message,
        /^binaryCrossEntropy: all elements of input should be between 0 and 1, found 1\.5 at flat index 1/,
      );
      assert.match(e.message, /after sigmoid, or use binaryCrossEntropyWithLogits/);
      return true;
    },
  );
  assert.throws(
    () => bce.forward(tensor([-0.1, 0.5]), tensor([0, 1])),
    /found -0\.1\d* at flat index 0/,
  );
  assert.throws(() => bce.forward(tensor([0.5, NaN]), tensor([0, 1])), /found NaN at flat index 1/);
  // past the kernel's whole vectors, and in float64 (checked before, not by a kernel)
  const x = full([7], 0.5);
  x.value.data[6] = 1.25;
  assert.throws(() => bce.forward(x, zeros([7])), /found 1\.25 at flat index 6/);
  assert.throws(
    () => bce.forward(full([7], 0.5).double(), full([7], -1).double()),
    /target should be between 0 and 1, found -1 at flat index 0/,
  );
  assert.throws(
    () => bce.forward(tensor([0.5, 0.5]), tensor([0, 2])),
    /^RangeError: binaryCrossEntropy: all elements of target should be between 0 and 1, found 2 at flat index 1/,
  );
  // the seed's y must be viewed as a column to match the model's [N, 1] output
  assert.throws(
    () => bce.forward(zeros([5, 1]), zeros([5])),
    /target shape \[5\] differs from input shape \[5, 1\].*y\.view\(-1, 1\)/,
  );
  assert.throws(() => new nn.MSELoss({ reduction: "avg" as "mean" }), /MSELoss: reduction must be/);
});

test("loadStateDict: missing key, wrong shape", () => {
  const fc = new nn.Linear(4, 10);
  assert.throws(
    () => fc.loadStateDict({ weight: zeros([10, 4]) }),
    /Error\(s\) in loading state_dict for Linear:\n\tMissing key\(s\) in state_dict: "bias"\./,
  );
  assert.throws(
    () => fc.loadStateDict({ weight: zeros([10, 5]), bias: zeros([10]) }),
    /size mismatch for weight: copying a param with shape \[10, 5\] from checkpoint, the shape in current model is \[10, 4\]\./,
  );
  assert.throws(
    () => fc.loadStateDict({ weight: [[1]] as unknown as Tensor, bias: zeros([10]) }),
    /value for weight is not a Tensor/,
  );
});
