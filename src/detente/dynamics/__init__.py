"""detente.dynamics"""
