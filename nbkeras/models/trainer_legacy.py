"""What older tutorials write (tf.keras 2 and Keras 1 names), accepted with a one-time hint."""

import warnings

# What happens to each old argument, said as the warning says it.
_LEGACY_ARGUMENTS = {
    "max_queue_size": "is ignored: Keras 3 moved it to keras.utils.PyDataset(max_queue_size=...)",
    "workers": "is ignored: Keras 3 moved it to keras.utils.PyDataset(workers=...)",
    "use_multiprocessing": "is ignored: Keras 3 moved it to "
                           "keras.utils.PyDataset(use_multiprocessing=...)",
    "nb_epoch": "is the Keras 1 name of `epochs`: it is used as `epochs`; write `epochs=` instead",
    "sample_weight_mode": "is ignored: Keras 3 infers it, pass sample_weight= to fit() instead",
}
_warned = set()


def warn_legacy(kwargs, method, allowed):
    """Accepts arguments older tutorials use, with a one-time hint; rejects others."""
    for name in list(kwargs):
        if name not in allowed:
            raise TypeError(f"{method}() got an unexpected keyword argument {name!r}.")
        if name not in _warned:
            _warned.add(name)
            warnings.warn(f"`{name}` {_LEGACY_ARGUMENTS[name]}.", stacklevel=3)


class GeneratorMethods:
    """Mixed into Trainer: each method warns once per call and forwards to the Keras 3 name."""

    def fit_generator(self, generator, steps_per_epoch=None, epochs=1, verbose=1, callbacks=None,
                      validation_data=None, validation_steps=None, validation_freq=1,
                      class_weight=None, max_queue_size=10, workers=1,
                      use_multiprocessing=False, shuffle=True, initial_epoch=0):
        """Old name of ``fit`` for generators (tf.keras 2); warns and calls ``fit``."""
        _warn_renamed("fit_generator", "fit")
        return self.fit(generator, steps_per_epoch=steps_per_epoch, epochs=epochs,
                        verbose=verbose, callbacks=callbacks, validation_data=validation_data,
                        validation_steps=validation_steps, validation_freq=validation_freq,
                        class_weight=class_weight, shuffle=shuffle, initial_epoch=initial_epoch)

    def evaluate_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                           workers=1, use_multiprocessing=False, verbose=0):
        """Old name of ``evaluate`` for generators; warns and calls ``evaluate``."""
        _warn_renamed("evaluate_generator", "evaluate")
        return self.evaluate(generator, steps=steps, callbacks=callbacks, verbose=verbose)

    def predict_generator(self, generator, steps=None, callbacks=None, max_queue_size=10,
                          workers=1, use_multiprocessing=False, verbose=0):
        """Old name of ``predict`` for generators; warns and calls ``predict``."""
        _warn_renamed("predict_generator", "predict")
        return self.predict(generator, steps=steps, callbacks=callbacks, verbose=verbose)


def _warn_renamed(old, new):
    warnings.warn(
        f"`Model.{old}` is a tf.keras 2 name removed in Keras 3: use `Model.{new}`, which "
        "accepts generators and PyDatasets directly.", UserWarning, stacklevel=3)
