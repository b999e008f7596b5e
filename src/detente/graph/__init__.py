"""detente.graph"""
