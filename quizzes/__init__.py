"""Quizzes: question bank, generators, assembly, attempts, statistics, review, exchange."""
