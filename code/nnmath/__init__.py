"""nnmath: the shared code of the book *The Mathematics of Neural Networks*.

Every chapter imports its formulas from here, so the text, the figures and the tests
all run the same code.

Modules
-------
activations     activation functions, their derivatives, softmax and its Jacobian
losses          loss functions and their exact gradients (mean reduction)
regularization  L1 and L2 penalties and their gradients
gradcheck       centred finite differences, to check every derivative
network         a feed-forward network trained by backpropagation
optimizers      gradient descent and its optimizers: SGD, AdaGrad, RMSprop, Adam, AdamW
autodiff        automatic differentiation: a small reverse-mode engine on NumPy arrays
"""

__version__ = "0.1.0"
