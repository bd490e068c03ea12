export { TensorDataset, Subset, randomSplit, type Dataset, type RandomSplitOptions } from './dataset.js';
export { DataLoader, defaultCollate, type DataLoaderOptions, type Collated } from './dataloader.js';
