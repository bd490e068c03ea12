// Two copies of @nabla/autograd loaded side by side (what a version drift used to install): a Tensor of the
// second copy handed to @nabla/nn, which uses the first. Prints the error nn throws.
import { Linear } from '@nabla/nn';

const second = await import(new URL('./second-copy/index.js', import.meta.url).href);
try {
  new Linear(2, 1).forward(second.tensor([[1, 2]]));
  console.log('no error');
} catch (e) {
  console.log(JSON.stringify({ name: e.name, message: e.message }));
}
