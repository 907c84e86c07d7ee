"""The quiz screens: learners, the builder, the player, results, the review queue, the teacher
dashboard and printing. Each widget gets its OpContext through its constructor and reads and
writes the store only through the ops in `desktop.operations.quizzes`."""
