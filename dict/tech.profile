# Technical writing.
