/**
 * The seed's data: make_classification(n_samples=1000, n_features=4, n_informative=2,
 * n_redundant=0, random_state=42), the very same numbers scikit-learn gives.
 */
import { datasets, type Tensor } from "descent";

export function seedData(): { X: Tensor; y: Tensor } {
  return datasets.makeClassification({
    nSamples: 1000,
    nFeatures: 4,
    nInformative: 2,
    nRedundant: 0,
    randomState: 42,
  });
}
