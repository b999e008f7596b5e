"""detente.bargain"""
