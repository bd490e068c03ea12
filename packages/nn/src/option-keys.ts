// The option-key checks live in @nabla/autograd, shared with @nabla/optim.
export { checkOptionKeys, keysOf } from '@nabla/autograd';
