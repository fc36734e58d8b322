"""zhengban (政办): the working system of a municipal People's Government Office."""

__version__ = "0.1.0"
