"""detente.model"""
