// Placeholder until learning SDEs from trajectories lands.
