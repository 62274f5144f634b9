// placeholder: implemented in its issue step
